import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  ServiceUnavailableException,
  UseInterceptors,
} from '@nestjs/common';
import { ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { READ_SIDE_RETRY_AFTER_SECONDS, ReadSideGate } from '@trame/runtime';
import { ErrorBodyDto } from '../http/openapi';

export const CATCHING_UP_MESSAGE =
  'le service rattrape le journal des événements après un redémarrage, réessayez dans quelques secondes / ' +
  'the service is catching up with the event log after a restart, please retry in a few seconds';

/**
 * A read route answered from the read models: while they catch up with the log after a
 * start, it answers 503 with `Retry-After` rather than an empty or partial list that looks
 * like a real answer. Runs after the guards (401/403 first), before the handler.
 */
@Injectable()
export class ReadSideInterceptor implements NestInterceptor {
  constructor(private readonly gate: ReadSideGate) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (!(await this.gate.isCaughtUp())) {
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(READ_SIDE_RETRY_AFTER_SECONDS));
      throw new ServiceUnavailableException({ message: [CATCHING_UP_MESSAGE] });
    }
    return next.handle();
  }
}

/** Marks a route as reading the read side: the 503 of a catch-up, enforced and documented. */
export const ReadSide = () =>
  applyDecorators(
    UseInterceptors(ReadSideInterceptor),
    ApiResponse({
      status: 503,
      description: 'Service Unavailable: the read models are catching up with the event log after a start; retry after `Retry-After`',
      headers: { 'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer', example: 5 } } },
      content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyDto) } } },
    }),
  );
