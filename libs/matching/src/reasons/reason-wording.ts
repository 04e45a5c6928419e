import type { MatchDetails, RenderedReasons } from '../model/match-types';

const SEPARATOR = ' · ';

const number = (x: number, locale: 'fr' | 'en') => {
  const s = Number.isInteger(x) ? String(x) : x.toFixed(1);
  return locale === 'fr' ? s.replace('.', ',') : s;
};

/** Kilometres: one decimal under 10 km, whole numbers beyond. */
const km = (d: number, locale: 'fr' | 'en') => `${number(d < 10 ? d : Math.round(d), locale)} km`;

/** "3 compétences sur 4 : maraîchage, menuiserie, comptabilité" / "3 of 4 skills: …". */
export const skillsReason = (matched: readonly string[], needed: number): RenderedReasons => {
  const n = matched.length;
  const list = matched.join(', ');
  return {
    fr: `${n} compétence${n > 1 ? 's' : ''} sur ${needed} : ${list}`,
    en: `${n} of ${needed} skill${needed > 1 ? 's' : ''}: ${list}`,
  };
};

export const placeReason = (place: MatchDetails['place']): RenderedReasons => {
  if (place.kind === 'radius') return { fr: km(place.distanceKm, 'fr'), en: km(place.distanceKm, 'en') };
  if (place.kind === 'area') return { fr: `territoire : ${place.label}`, en: `territory: ${place.label}` };
  return REMOTE_REASON;
};
const REMOTE_REASON: RenderedReasons = { fr: 'à distance', en: 'remote' };

export const hoursReason = (a: MatchDetails['availability']): RenderedReasons => ({
  fr: `${number(a.hoursPerWeek, 'fr')} h/semaine${a.startsLater ? ` à partir du ${a.from}` : ''}`,
  en: `${number(a.hoursPerWeek, 'en')} h/week${a.startsLater ? ` from ${a.from}` : ''}`,
});

/** Undefined when no theme is shared (the part is left out). */
export const themesReason = (themesShared: readonly string[]): RenderedReasons | undefined =>
  themesShared.length > 0
    ? { fr: `intérêts communs : ${themesShared.join(', ')}`, en: `shared interests: ${themesShared.join(', ')}` }
    : undefined;

/** The parts joined as `renderReasons` does (callers that cache parts compose them here). */
export const joinReasons = (
  skills: RenderedReasons,
  place: RenderedReasons,
  hours: RenderedReasons,
  themes: RenderedReasons | undefined,
): RenderedReasons =>
  themes
    ? {
        fr: skills.fr + SEPARATOR + place.fr + SEPARATOR + hours.fr + SEPARATOR + themes.fr,
        en: skills.en + SEPARATOR + place.en + SEPARATOR + hours.en + SEPARATOR + themes.en,
      }
    : { fr: skills.fr + SEPARATOR + place.fr + SEPARATOR + hours.fr, en: skills.en + SEPARATOR + place.en + SEPARATOR + hours.en };

/**
 * The reasons of a match in words, French and English, e.g.
 * "3 compétences sur 4 : maraîchage, menuiserie, comptabilité · 12 km · 6 h/semaine".
 */
export const renderReasons = (d: MatchDetails): RenderedReasons =>
  joinReasons(
    skillsReason(d.need.skillsMatched, d.need.skillsNeeded),
    placeReason(d.place),
    hoursReason(d.availability),
    themesReason(d.themesShared),
  );
