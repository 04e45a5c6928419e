import type { IncomingMessage } from 'node:http';
import { json, urlencoded } from 'express';

/** Largest request body read (DESIGN.md's 100 kB); a larger one is a 413. */
export const BODY_LIMIT = '100kb';

/**
 * Deepest nesting of arrays and objects a JSON body may have. The deepest valid body is
 * four levels (a project's `needs[].skills[]`); class-transformer recurses once per level
 * and overflows the stack at about 1,300, so the bound is checked on the raw bytes, before
 * anything recursive sees the body.
 */
export const MAX_JSON_DEPTH = 32;

/** A body-parser `verify` failure: body-parser keeps `status` and `type`, the error filter words it. */
export class BodyTooDeep extends Error {
  readonly status = 400;
  readonly type = 'entity.too.deep';
}

const [OPEN_ARRAY, OPEN_OBJECT, CLOSE_ARRAY, CLOSE_OBJECT, QUOTE, BACKSLASH] = ['[', '{', ']', '}', '"', '\\'].map((c) => c.charCodeAt(0));

/** The deepest nesting of `[`/`{` outside strings, stopping as soon as it passes `max`. */
export function jsonDepthExceeds(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/**
 * The two parsers Nest would install, JSON with its depth bound. Bytes that are not UTF-8
 * are decoded to U+FFFD, which the validation refuses naming the field (see text-input.ts). Their functions keep body-parser's
 * names (`jsonParser`, `urlencodedParser`), which is how Nest sees they are installed and
 * does not add its own. Forms are flat (`extended: false`): the pages' forms send one or two
 * plain fields, and a flat parser cannot be made to build deep objects.
 */
export const bodyParsers = () => [
  json({
    limit: BODY_LIMIT,
    verify: (_req: IncomingMessage, _res: unknown, buffer: Buffer) => {
      if (jsonDepthExceeds(buffer, MAX_JSON_DEPTH)) throw new BodyTooDeep();
    },
  }),
  urlencoded({ limit: BODY_LIMIT, extended: false }),
];
