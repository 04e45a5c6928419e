/*
 * An introduction in words, for whoever reads it: how long it has waited ("depuis 3 jours"),
 * its status as this reader sees it ("En attente de votre décision"), and the request in one
 * sentence. Pure: the texts come from the `introductions` catalogue, the time is passed in.
 */

import type { Messages } from '../i18n/messages';

type Texts = Messages['introductions'];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** "depuis moins d’une heure", "depuis 5 heures", "depuis 3 jours" (whole hours and days, rounded down). */
export function waitedInWords(sinceIso: string, now: Date, t: Texts): string {
  const ms = Math.max(0, now.getTime() - Date.parse(sinceIso));
  if (!Number.isFinite(ms) || ms < HOUR_MS) return t.waited.lessThanAnHour;
  if (ms < DAY_MS) return t.waited.hours(Math.floor(ms / HOUR_MS));
  return t.waited.days(Math.floor(ms / DAY_MS));
}

export type StatusFacts = Readonly<{
  status: string;
  /** Assigned to the admins (no referent covers the place, or escalated to them). */
  withTeam: boolean;
  reviewedBy?: 'referent' | 'admin';
  /** The reader decides (a referent or an admin allowed to approve now). */
  readerDecides: boolean;
  /** The reader is the side asked to accept or refuse. */
  readerConsents: boolean;
  /** The first name of the side asked to consent, as the reader may name them. */
  consentingName: string;
}>;

/** The status in the reader's words. */
export function statusInWords(f: StatusFacts, t: Texts): string {
  const s = t.status;
  switch (f.status) {
    case 'awaiting-referent':
      return f.readerDecides ? s['awaiting-referent-you'] : f.withTeam ? s['awaiting-referent-team'] : s['awaiting-referent'];
    case 'awaiting-consent':
      return f.readerConsents ? s['awaiting-consent-you'] : s['awaiting-consent'](f.consentingName);
    case 'declined':
      return f.reviewedBy === 'admin' ? s['declined-team'] : s.declined;
    case 'introduced':
    case 'refused':
    case 'expired':
    case 'ended':
    case 'withdrawn':
      return s[f.status];
    default:
      return f.status;
  }
}

export type RequestFacts = Readonly<{ requestedBy: string; holderFirstName: string | null; memberFirstName: string | null }>;

/** "Sophie, qui porte le projet, souhaite être mis·e en relation avec Julien." */
export function requestInWords(f: RequestFacts, t: Texts): string {
  const p = t.page;
  const holder = f.holderFirstName || p.theHolder;
  const member = f.memberFirstName || p.someone;
  if (f.requestedBy === 'holder') return capitalise(p.requestByHolder(holder, member));
  if (f.requestedBy === 'member') return capitalise(p.requestByMember(member, holder));
  return p.requestByMatcher(member);
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** "14:30" on the day, or "8 mars, 14:30" another day, in the reader's language (Paris time). */
export function timeInWords(iso: string, now: Date, t: Texts): string {
  const date = new Date(iso);
  const zone = 'Europe/Paris';
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(d);
  const time = new Intl.DateTimeFormat(t.timeLocale, { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(date);
  if (day(date) === day(now)) return time;
  const dayText = new Intl.DateTimeFormat(t.timeLocale, { timeZone: zone, day: 'numeric', month: 'long' }).format(date);
  return `${dayText}, ${time}`;
}

/** The email link's query for a form's action (`?/approve&as=…&token=…`); empty with a session. */
export const linkQuery = (link: Readonly<{ as: string; token: string }> | undefined): string =>
  link ? `&as=${encodeURIComponent(link.as)}&token=${encodeURIComponent(link.token)}` : '';

/** "7 décembre 2026" / "7 December 2026" (Paris time). */
export function dateInWords(iso: string, t: Texts): string {
  return new Intl.DateTimeFormat(t.timeLocale, { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(iso),
  );
}
