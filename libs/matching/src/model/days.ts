/** The UTC day of an instant, YYYY-MM-DD: availability windows are whole dates. */
export const dayOf = (now: Date): string => now.toISOString().slice(0, 10);

/** The day after a YYYY-MM-DD date, or undefined if it is not a real date. */
export const nextDay = (day: string): string | undefined => {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return undefined;
  d.setUTCDate(d.getUTCDate() + 1);
  return dayOf(d);
};

/** `dayOf`, remembering the last instant asked (callers pass the same clock reading many times). */
export class DayMemo {
  private lastInstant = NaN;
  private lastDay = '';

  dayOf(now: Date): string {
    const ms = now.getTime();
    if (ms !== this.lastInstant) {
      this.lastInstant = ms;
      this.lastDay = dayOf(now);
    }
    return this.lastDay;
  }
}
