import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** The one path parameter of the api: every route with a parameter names it `:id`, a UUID. */
export const PATH_PARAM = 'id';

/** `:id` path parameters are UUIDs; a bad one is a 400 naming the field, like body errors. */
export const UuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException({ message: [`${PATH_PARAM}: doit être un UUID / must be a UUID`] }),
});

/**
 * The router decodes path parameters before any pipe and fails with an English-only
 * `URIError` (status 400) on invalid percent-encoding, without naming the parameter; Nest
 * hands it on as the `cause` of a BadRequestException.
 */
export const isUndecodableParam = (exception: unknown): boolean =>
  exception instanceof URIError && (exception as URIError & { status?: number }).status === 400;

export const UNDECODABLE_PARAM_MESSAGE = `${PATH_PARAM}: encodage « % » invalide / invalid percent-encoding`;
