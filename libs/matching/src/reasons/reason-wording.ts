import type { MatchDetails, RenderedReasons } from '../model/match-types';

// The engine's own sentences of a match's reasons, French and English (the emails quote
// them). Readers with a catalogue of their own (the web app) render `details` instead.

const SEPARATOR = ' · ';

/** Who reads the reasons: the member (a project for them) or the project's holder (a partner). */
export type ReasonsReader = 'member' | 'holder';

const number = (x: number, locale: 'fr' | 'en') => {
  const s = Number.isInteger(x) ? String(x) : x.toFixed(1);
  return locale === 'fr' ? s.replace('.', ',') : s;
};

/** Kilometres: one decimal under 10 km, whole numbers beyond. */
const km = (d: number, locale: 'fr' | 'en') => `${number(d < 10 ? d : Math.round(d), locale)} km`;

const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A YYYY-MM-DD day in words: "1er janvier 2027" / "1 January 2027" (the text itself when it is not one). */
export const dayInWords = (day: string, locale: 'fr' | 'en'): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const month = m ? Number(m[2]) - 1 : -1;
  if (!m || month < 0 || month > 11) return day;
  const date = Number(m[3]);
  if (locale === 'en') return `${date} ${MONTHS_EN[month]} ${m[1]}`;
  return `${date === 1 ? '1er' : date} ${MONTHS_FR[month]} ${m[1]}`;
};

/** "3 compétences sur 4 : maraîchage, menuiserie / charpente, comptabilité" / "3 of 4 skills: …" (synonyms grouped). */
export const skillsReason = (matched: readonly string[], needed: number): RenderedReasons => {
  const n = matched.length;
  const list = matched.join(', ');
  return {
    fr: `${n} compétence${n > 1 ? 's' : ''} sur ${needed} : ${list}`,
    en: `${n} of ${needed} skill${needed > 1 ? 's' : ''}: ${list}`,
  };
};

const AREA_WORDS = {
  commune: { member: ['votre commune', 'your commune'], holder: ['sa commune', 'their commune'] },
  departement: { member: ['votre département', 'your département'], holder: ['son département', 'their département'] },
  region: { member: ['votre région', 'your region'], holder: ['sa région', 'their region'] },
} as const;

/** "3,8 km"; "dans votre département : Alpes-de-Haute-Provence"; "projet ouvert à distance". */
export const placeReason = (place: MatchDetails['place'], reader: ReasonsReader = 'member'): RenderedReasons => {
  if (place.kind === 'radius') return { fr: km(place.distanceKm, 'fr'), en: km(place.distanceKm, 'en') };
  if (place.kind === 'area') {
    const [fr, en] = AREA_WORDS[place.level][reader];
    return { fr: `dans ${fr} : ${place.label}`, en: `in ${en}: ${place.label}` };
  }
  return REMOTE_REASON;
};
const REMOTE_REASON: RenderedReasons = { fr: 'projet ouvert à distance', en: 'project open to remote work' };

/**
 * "6 h/semaine"; "10 h/semaine sur les 15 souhaitées" below the need's hours (`asked`); then
 * "à partir du 1er janvier 2027" while the availability has not started.
 */
export const hoursReason = (a: MatchDetails['availability'], asked?: number): RenderedReasons => {
  const partial = asked !== undefined && a.hoursPerWeek < asked;
  const from = a.startsLater ? a.from : undefined;
  return {
    fr:
      `${number(a.hoursPerWeek, 'fr')} h/semaine` +
      (partial ? ` sur les ${number(asked, 'fr')} souhaitées` : '') +
      (from !== undefined ? ` à partir du ${dayInWords(from, 'fr')}` : ''),
    en:
      `${number(a.hoursPerWeek, 'en')} h/week` +
      (partial ? ` of the ${number(asked, 'en')} wished for` : '') +
      (from !== undefined ? ` from ${dayInWords(from, 'en')}` : ''),
  };
};

/** Undefined when no theme is shared (the part counts 0 and is left out). */
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
 * The reasons of a match in words, French and English, for its reader, e.g.
 * "3 compétences sur 4 : maraîchage, menuiserie, comptabilité · 12 km · 6 h/semaine": one
 * sentence per part of the score that counts (skills, place, hours, shared themes).
 */
export const renderReasons = (d: MatchDetails, reader: ReasonsReader = 'member'): RenderedReasons =>
  joinReasons(
    skillsReason(d.need.skillsMatched, d.need.skillsNeeded),
    placeReason(d.place, reader),
    hoursReason(d.availability, d.need.hoursPerWeek),
    themesReason(d.themesShared),
  );
