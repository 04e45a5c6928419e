import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';

/**
 * The JSON text of list items, written once per card (when it enters the index) rather than
 * per request: a page of 20 cards is ~8 kB to stringify, a good part of a list request's
 * work. Keyed by the items array itself, so an array that was copied has none.
 */
const PREPARED = new WeakMap<readonly object[], string>();

/** Remembers `texts` (one per item, in order) as the JSON of `items` (which must not change afterwards). */
export const prepare = <T extends object>(items: T[], texts: readonly string[]): T[] => {
  PREPARED.set(items, `[${texts.join(',')}]`);
  return items;
};

/** `{items, ...rest}` as JSON.stringify would write it, using the items' prepared text; undefined without one. */
export const serialisePage = (body: { items: readonly object[] }): string | undefined => {
  const items = PREPARED.get(body.items);
  if (items === undefined) return undefined;
  const { items: _items, ...rest } = body;
  const tail = JSON.stringify(rest);
  return `{"items":${items}${tail === '{}' ? '}' : `,${tail.slice(1)}`}`;
};

/** Sends a page of prepared items as its JSON text, with the headers `res.json` would set. */
@Injectable()
export class PreparedPageInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        if (typeof body !== 'object' || body === null || !Array.isArray((body as { items?: unknown }).items)) return body;
        const text = serialisePage(body as { items: object[] });
        if (text === undefined) return body;
        context.switchToHttp().getResponse<Response>().setHeader('Content-Type', 'application/json; charset=utf-8');
        return text;
      }),
    );
  }
}
