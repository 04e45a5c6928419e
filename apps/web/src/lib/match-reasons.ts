/*
 * A match's reasons in words, from its structured `details` (MatchDetailsDto in the api's
 * views), for its reader: the member ("Vous êtes à 12 km") or the project's holder ("Julien
 * est à 12 km"). Texts come from the `me.reasons` catalogue, so both languages read alike;
 * distances are whole kilometres and dates are written out for the locale.
 */

import type { Messages } from './i18n/messages';

/** The part of MatchDetailsDto read here (structural, so this module stays free of the api types). */
export type MatchDetails = {
  need: { role: string; skillsNeeded: number; skillsMatched: readonly string[]; hoursPerWeek?: number };
  themesShared: readonly string[];
  place: { kind: 'radius' | 'area' | 'remote'; distanceKm: number | null; level?: 'commune' | 'departement' | 'region'; label?: string };
  availability: { hoursPerWeek: number; from?: string; startsLater: boolean };
};

type Reasons = Messages['me']['reasons'];
/** Who the sentences are about: the reader ("vous") or a member named to the holder. */
type Subject = { kind: 'you' } | { kind: 'them'; firstName: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** "1er janvier 2027" / "1 January 2027"; the text itself when it is not a date. */
export function dateInWords(iso: string, r: Reasons): string {
  const m = ISO_DATE.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat(r.dateLocale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).formatToParts(
    date,
  );
  return parts.map((p) => (p.type === 'day' ? r.firstOfMonth(p.value) : p.value)).join('');
}

/** Whole kilometres ("à 12 km"), "à moins d’1 km" under one. */
export const distanceInWords = (km: number, r: Reasons): string => r.distance(km < 1 ? 0 : Math.round(km));

function placeReason(place: MatchDetails['place'], who: Subject, r: Reasons): string | undefined {
  if (place.kind === 'area' && place.label) {
    const level = place.level ?? 'commune';
    return who.kind === 'you' ? r.yourArea(level, place.label) : r.theirArea(who.firstName, level, place.label);
  }
  if (place.kind === 'remote') return r.remote;
  if (place.distanceKm === null || !Number.isFinite(place.distanceKm)) return undefined;
  const distance = distanceInWords(place.distanceKm, r);
  return who.kind === 'you' ? r.youAre(distance) : r.theyAre(who.firstName, distance);
}

function skillsReason(need: MatchDetails['need'], r: Reasons): string {
  const matched = need.skillsMatched.length;
  return matched > 0 ? r.skills(matched, need.skillsNeeded, need.role, need.skillsMatched.join(', ')) : r.role(need.role);
}

/** "Vous êtes disponible 10 h par semaine sur les 15 souhaitées à partir du 1er janvier 2027". */
function availabilityReason(a: MatchDetails['availability'], asked: number | undefined, who: Subject, r: Reasons): string {
  const hours = Math.round(a.hoursPerWeek);
  let sentence = who.kind === 'you' ? r.youAvailable(hours) : r.theyAvailable(who.firstName, hours);
  if (asked !== undefined && asked > 0)
    sentence += ` ${a.hoursPerWeek < asked ? r.hoursOf(Math.round(asked)) : r.hoursAsked(Math.round(asked))}`;
  if (a.startsLater && a.from) sentence += ` ${r.from(dateInWords(a.from, r))}`;
  return sentence;
}

function reasons(details: MatchDetails, who: Subject, t: Messages): string[] {
  const r = t.me.reasons;
  const place = placeReason(details.place, who, r);
  const themes = details.themesShared.length > 0 ? r.themes(details.themesShared.join(', ')) : undefined;
  const lines = [
    place,
    skillsReason(details.need, r),
    themes,
    details.availability.hoursPerWeek > 0 || details.availability.startsLater
      ? availabilityReason(details.availability, details.need.hoursPerWeek, who, r)
      : undefined,
  ];
  return lines.filter((line): line is string => line !== undefined);
}

/** The reasons a project fits the member reading them: "Vous êtes à 12 km", "2 compétences recherchées sur 3 …". */
export const reasonsForMember = (details: MatchDetails, t: Messages): string[] => reasons(details, { kind: 'you' }, t);

/** The reasons a member fits the holder's project: "Julien est à 12 km", … */
export const reasonsForHolder = (details: MatchDetails, firstName: string, t: Messages): string[] =>
  reasons(details, { kind: 'them', firstName }, t);
