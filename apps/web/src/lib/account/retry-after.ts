/** Seconds to wait from a `Retry-After` header (seconds, or an HTTP date), or undefined. */
export function retryAfterSeconds(header: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** Whole minutes, rounded up (a person waits "2 minutes", not "90 seconds"); 0 when under a minute or unknown. */
export const minutesToWait = (seconds: number | undefined): number => (seconds === undefined || seconds < 60 ? 0 : Math.ceil(seconds / 60));
