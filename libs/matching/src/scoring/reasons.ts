import type { MatchDetails } from './pair-evaluation';

export type RenderedReasons = Readonly<{ fr: string; en: string }>;

const SEPARATOR = ' · ';

const number = (x: number, locale: 'fr' | 'en') => {
  const s = Number.isInteger(x) ? String(x) : x.toFixed(1);
  return locale === 'fr' ? s.replace('.', ',') : s;
};

/** Kilometres: one decimal under 10 km, whole numbers beyond. */
const km = (d: number, locale: 'fr' | 'en') => `${number(d < 10 ? d : Math.round(d), locale)} km`;

/**
 * The reasons of a match in words, French and English, e.g.
 * "3 compétences sur 4 : maraîchage, menuiserie, comptabilité · 12 km · 6 h/semaine".
 */
export const renderReasons = (d: MatchDetails): RenderedReasons => {
  const matched = d.need.skillsMatched.length;
  const needed = d.need.skillsNeeded;
  const list = d.need.skillsMatched.join(', ');
  const fr = [`${matched} compétence${matched > 1 ? 's' : ''} sur ${needed} : ${list}`];
  const en = [`${matched} of ${needed} skill${needed > 1 ? 's' : ''}: ${list}`];

  const place = d.place;
  if (place.kind === 'radius') {
    fr.push(km(place.distanceKm, 'fr'));
    en.push(km(place.distanceKm, 'en'));
  } else if (place.kind === 'area') {
    fr.push(`territoire : ${place.label}`);
    en.push(`territory: ${place.label}`);
  } else {
    fr.push('à distance');
    en.push('remote');
  }

  const hours = d.availability.hoursPerWeek;
  fr.push(`${number(hours, 'fr')} h/semaine${d.availability.startsLater ? ` à partir du ${d.availability.from}` : ''}`);
  en.push(`${number(hours, 'en')} h/week${d.availability.startsLater ? ` from ${d.availability.from}` : ''}`);

  if (d.themesShared.length > 0) {
    fr.push(`intérêts communs : ${d.themesShared.join(', ')}`);
    en.push(`shared interests: ${d.themesShared.join(', ')}`);
  }
  return { fr: fr.join(SEPARATOR), en: en.join(SEPARATOR) };
};
