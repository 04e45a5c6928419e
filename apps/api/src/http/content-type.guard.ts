import { type CanActivate, type ExecutionContext, HttpException, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { SIGNED_LINK_METADATA } from '../auth/principal';

export const JSON_TYPE = 'application/json';
export const FORM_TYPE = 'application/x-www-form-urlencoded';
export const MULTIPART_TYPE = 'multipart/form-data';

const BODY_TYPES_METADATA = 'trame:body-types';

/** The body types a route reads, when not the default (the route then parses what JSON and forms are not). */
export const AcceptsBody = (...types: string[]) => SetMetadata(BODY_TYPES_METADATA, types);

/**
 * A body is read only in a type we parse: JSON, and on the routes an emailed link's page
 * posts to (a signed link: sign-in, unsubscribe, introduction decisions) also the page's
 * form. Any other type would reach validation as an empty object and every field would be
 * reported missing; a 415 names the type expected instead. A request without a body (an
 * action that takes none) is not concerned.
 */
@Injectable()
export class ContentTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (!hasBody(req)) return true;
    const accepted =
      this.reflector.get<string[] | undefined>(BODY_TYPES_METADATA, context.getHandler()) ??
      (this.reflector.get(SIGNED_LINK_METADATA, context.getHandler()) ? [JSON_TYPE, FORM_TYPE] : [JSON_TYPE]);
    if (req.is(accepted)) return true;
    const list = accepted.join(' ou ');
    throw new HttpException(
      { message: [`Content-Type: type non pris en charge, ${list} attendu / unsupported type, expected ${accepted.join(' or ')}`] },
      415,
    );
  }
}

/** A body is there when its length is announced and not zero, or when it is chunked. */
const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
