import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ForbiddenError, NotFoundError, RuleViolationError } from '@trame/domain';
import { ConcurrencyConflictError } from '@trame/event-store';
import { MAX_JSON_DEPTH } from './body-parsers';
import { isUndecodableParam, UNDECODABLE_PARAM_MESSAGE } from './uuid-param';

type ErrorBody = {
  statusCode: number;
  error: string;
  message: string[];
  fields?: { field: string; messages: string[] }[];
  /** The places to choose from when a place given is ambiguous (`GET /v1/projects?near=` a shared postcode). */
  candidates?: unknown[];
};

/** The `error` word of each status the api answers (also the OpenAPI descriptions'). */
export const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const body = (statusCode: number, message: string[], fields?: ErrorBody['fields'], candidates?: unknown[]): ErrorBody => ({
  statusCode,
  error: STATUS_TEXT[statusCode] ?? 'Error',
  message,
  ...(fields ? { fields } : {}),
  ...(candidates ? { candidates } : {}),
});

/** Maps every failure to DESIGN.md's `{statusCode, error, message}` with `message` listing each problem. */
export function toErrorBody(exception: unknown): ErrorBody {
  // body-parser failures carry a `type`; Nest wraps them in an HttpException as `cause`.
  const parser = (exception instanceof HttpException ? exception.cause : exception) as { type?: string } | undefined;
  if (parser?.type === 'entity.parse.failed') return body(400, ['body: JSON invalide / invalid JSON']);
  if (parser?.type === 'entity.too.large') return body(413, ['body: requête trop volumineuse / request body too large']);
  if (parser?.type === 'entity.too.deep') {
    return body(400, [
      `body: JSON trop imbriqué (${MAX_JSON_DEPTH} niveaux au plus) / JSON nested too deeply (at most ${MAX_JSON_DEPTH} levels)`,
    ]);
  }
  if (parser?.type === 'charset.unsupported' || parser?.type === 'encoding.unsupported') {
    return body(415, ['Content-Type: jeu de caractères ou encodage non pris en charge (UTF-8) / unsupported charset or encoding (UTF-8)']);
  }
  if (isUndecodableParam(exception instanceof HttpException ? exception.cause : exception)) return body(400, [UNDECODABLE_PARAM_MESSAGE]);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response && 'message' in response) {
      const r = response as { message: unknown; fields?: ErrorBody['fields']; candidates?: unknown };
      const message = Array.isArray(r.message) ? r.message.map(String) : [String(r.message)];
      return body(status, message, r.fields, Array.isArray(r.candidates) ? r.candidates : undefined);
    }
    // A string response is the message; an object without one falls back to the exception's own.
    return body(status, [typeof response === 'string' ? response : exception.message]);
  }
  if (exception instanceof DomainError) {
    if (exception instanceof NotFoundError) {
      return body(404, [`${exception.entity} ${exception.id} introuvable / not found`]);
    }
    if (exception instanceof RuleViolationError) {
      const fields = exception.violations.map((v) => ({ field: v.field, messages: [v.message] }));
      return body(
        422,
        exception.violations.map((v) => `${v.field}: ${v.message}`),
        fields,
      );
    }
    if (exception instanceof ForbiddenError) return body(403, [exception.message]);
    return body(409, [exception.message]);
  }
  if (exception instanceof ConcurrencyConflictError) {
    return body(409, ['modifié en même temps par une autre requête, réessayez / changed concurrently, please retry']);
  }
  // Other client errors raised outside Nest (http-errors) keep their status.
  const e = exception as { status?: number };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return body(e.status, [String((exception as Error).message)]);
  }
  return body(500, ['erreur interne, réessayez plus tard / internal error, please retry later']);
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const payload = toErrorBody(exception);
    // 5xx: a fault of ours, worth the stack.
    if (payload.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    if (payload.statusCode === 429) setPlainRetryAfter(res);
    res.status(payload.statusCode).json(payload);
  }
}

/**
 * The throttler names its wait per limit (`Retry-After-sign-in-ip`…); clients and browsers
 * know only the standard `Retry-After`: the longest of the named ones.
 */
export function setPlainRetryAfter(res: Pick<Response, 'getHeaderNames' | 'getHeader' | 'setHeader' | 'hasHeader'>): void {
  if (res.hasHeader('retry-after')) return;
  const waits = res
    .getHeaderNames()
    .filter((name) => name.startsWith('retry-after-'))
    .map((name) => Number(res.getHeader(name)))
    .filter((n) => Number.isFinite(n) && n > 0);
  if (waits.length > 0) res.setHeader('Retry-After', String(Math.max(...waits)));
}
