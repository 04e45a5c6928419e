import type { FormNotice } from '$lib/account/form-notice';
import { minutesToWait, retryAfterSeconds } from '$lib/account/retry-after';

/** What an api answer means for a form: each page words it its own way. */
export type Outcome =
  | { kind: 'ok' }
  /** 400 or 422: the fields the api named (`territories[0]`, `email`…), possibly none. */
  | { kind: 'invalid'; fields: string[] }
  /** 401: a link or code that is wrong, used or expired (one answer for all). */
  | { kind: 'refused' }
  /** 429, or 503 while the api's Redis is away: wait `seconds` (unknown: a few minutes). */
  | { kind: 'wait'; seconds?: number }
  /** 403, 404, 409: refused for a reason of state the page explains. */
  | { kind: 'conflict'; status: number }
  /** The api is away or failed. */
  | { kind: 'unavailable' };

type ErrorBody = { fields?: { field?: unknown }[] };

/**
 * The longest wait the answer asks for: `Retry-After`, or the rate limiter's own
 * `Retry-After-<limit>` headers (one per limit reached).
 */
function longestRetryAfter(headers: Headers): number | undefined {
  let longest: number | undefined;
  headers.forEach((value, name) => {
    if (!name.toLowerCase().startsWith('retry-after')) return;
    const seconds = retryAfterSeconds(value);
    if (seconds !== undefined && (longest === undefined || seconds > longest)) longest = seconds;
  });
  return longest;
}

export function outcomeOf(response: Response | undefined, error?: unknown): Outcome {
  if (!response) return { kind: 'unavailable' };
  const status = response.status;
  if (status < 300) return { kind: 'ok' };
  if (status === 400 || status === 422) {
    const fields = ((error as ErrorBody | undefined)?.fields ?? []).map((f) => f.field).filter((f): f is string => typeof f === 'string');
    return { kind: 'invalid', fields };
  }
  if (status === 401) return { kind: 'refused' };
  if (status === 429 || status === 503) return { kind: 'wait', seconds: longestRetryAfter(response.headers) };
  if (status === 403 || status === 404 || status === 409) return { kind: 'conflict', status };
  return { kind: 'unavailable' };
}

/** An api call that cannot throw: a network failure or a timeout is `unavailable`. */
export async function call<T extends { response: Response; error?: unknown }>(
  request: () => Promise<T>,
): Promise<{ answer?: T; outcome: Outcome }> {
  try {
    const answer = await request();
    return { answer, outcome: outcomeOf(answer.response, answer.error) };
  } catch {
    return { outcome: { kind: 'unavailable' } };
  }
}

export const noticeOf = (outcome: Outcome): FormNotice =>
  outcome.kind === 'wait' ? { kind: 'wait', minutes: minutesToWait(outcome.seconds) } : { kind: 'unavailable' };

export type NewSessionAnswer = { accessToken: string; expiresIn: number; memberIds: string[] };

/** The session of a sign-in answer (links' routes may also answer a page, typed as text: never asked for here). */
export function sessionOf(data: unknown): NewSessionAnswer | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const s = data as Partial<NewSessionAnswer>;
  return typeof s.accessToken === 'string' && typeof s.expiresIn === 'number' && Array.isArray(s.memberIds)
    ? { accessToken: s.accessToken, expiresIn: s.expiresIn, memberIds: s.memberIds }
    : undefined;
}
