import defaultSynonyms from '../../data/synonyms.json';

/** Shape of `data/synonyms.json`. */
export type SynonymData = Readonly<{ groups: readonly Readonly<{ id: string; terms: readonly string[] }>[] }>;

/**
 * A free word (skill or theme) as typed, with the key it matches on and that key's code (a
 * small integer: scoring compares millions of pairs' terms, and integers compare at once).
 */
export type NormalisedTerm = Readonly<{ raw: string; key: string; code: number }>;

// One code per distinct key in the process, whatever the normaliser: terms of two
// normalisers never disagree. Keys are the vocabulary, so this stays small.
const KEY_CODES = new Map<string, number>();
const codeOf = (key: string): number => {
  let code = KEY_CODES.get(key);
  if (code === undefined) KEY_CODES.set(key, (code = KEY_CODES.size));
  return code;
};

type Stemmer = { stem(word: string): string };
type SnowballFactory = { newStemmer(language: string): Stemmer };

// The package ships no type declarations; its API is `newStemmer(lang).stem(word)`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const snowball = require('snowball-stemmers') as SnowballFactory;

/** Prefix of keys that come from a synonym group, so they never collide with a stem. */
export const SYNONYM_KEY_PREFIX = '#';

// Articles and prepositions carry no meaning for matching ("culture des légumes" = "culture de légumes").
const STOP_WORDS = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'l',
  'd',
  'et',
  'en',
  'a',
  'au',
  'aux',
  'un',
  'une',
  'pour',
  'par',
  'sur',
  'of',
  'the',
  'and',
  'an',
  'for',
  'in',
  'on',
]);

/** Lowercase ASCII words: NFD, marks stripped, punctuation as spaces, spaces collapsed. */
export const foldText = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * French and English plural → singular, applied before the French stemmer so that both
 * forms of a word reach the stemmer in the same shape (the stemmer alone leaves e.g.
 * "chevaux"/"cheval" or "companies"/"company" apart). Final -ie/-y are unified so that
 * "énergie"/"energy" and "carpentry"/"carpentries" meet.
 */
export const singularise = (word: string): string => {
  if (word.length <= 3) return word;
  if (word.endsWith('eaux')) return word.slice(0, -1);
  if (word.endsWith('aux')) return `${word.slice(0, -3)}al`;
  if (/(eu|au|ou)x$/.test(word)) return word.slice(0, -1);
  let w = word;
  if (/(ss|ch|sh|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ie')) w = w.slice(0, -1);
  if (w.endsWith('y') && w.length > 3) w = `${w.slice(0, -1)}i`;
  return w;
};

/**
 * Maps free words to matching keys: accents, case, spacing, plurals and French stems are
 * folded, then a synonym group (if any) replaces the stemmed form by the group's key.
 * Pure and deterministic; memoised per instance (one per engine, no global cache).
 */
export class TermNormaliser {
  private readonly stemmer: Stemmer = snowball.newStemmer('french');
  private readonly groupByStem = new Map<string, string>();
  private readonly cache = new Map<string, string>();
  private readonly stems = new Map<string, string>();

  constructor(synonyms: SynonymData = defaultSynonyms) {
    const seenIds = new Set<string>();
    for (const group of synonyms.groups) {
      if (seenIds.has(group.id)) throw new Error(`Duplicate synonym group id: ${group.id}`);
      seenIds.add(group.id);
      for (const term of group.terms) {
        const stem = this.stemKey(term);
        if (stem === '') throw new Error(`Empty synonym term in group ${group.id}`);
        const other = this.groupByStem.get(stem);
        if (other !== undefined && other !== group.id) {
          throw new Error(`Synonym term "${term}" (${stem}) is in groups ${other} and ${group.id}`);
        }
        this.groupByStem.set(stem, group.id);
      }
    }
  }

  /** The stemmed form of a term, before synonyms: words folded, stop words dropped, each word stemmed. */
  stemKey(term: string): string {
    const words = foldText(term)
      .split(' ')
      .filter((w) => w !== '');
    const meaningful = words.filter((w) => !STOP_WORDS.has(w));
    return (meaningful.length > 0 ? meaningful : words).map((w) => this.stemmer.stem(singularise(w))).join(' ');
  }

  /** `stemKey`, remembered (terms repeat across millions of events). */
  private stemOf(term: string): string {
    let stem = this.stems.get(term);
    if (stem === undefined) this.stems.set(term, (stem = this.stemKey(term)));
    return stem;
  }

  /** The key two terms must share to match ('' for a term with no letters or digits). */
  key(term: string): string {
    let key = this.cache.get(term);
    if (key === undefined) {
      const stem = this.stemOf(term);
      const group = this.groupByStem.get(stem);
      key = group === undefined ? stem : `${SYNONYM_KEY_PREFIX}${group}`;
      this.cache.set(term, key);
    }
    return key;
  }

  /**
   * Distinct non-empty terms in input order. Synonyms written in other words join the first
   * term of their key, worded as written: "menuiserie, charpente" is one term worded
   * "menuiserie / charpente" (it counts once); a mere variant of a word (case, accents,
   * plural) adds no wording.
   */
  terms(raw: readonly string[]): NormalisedTerm[] {
    const at = new Map<string, number>();
    const stems: string[][] = [];
    const out: NormalisedTerm[] = [];
    for (const r of raw) {
      const key = this.key(r);
      if (key === '') continue;
      const i = at.get(key);
      if (i === undefined) {
        at.set(key, out.length);
        stems.push([this.stemOf(r)]);
        out.push({ raw: r.trim(), key, code: codeOf(key) });
        continue;
      }
      const stem = this.stemOf(r);
      if (stems[i].includes(stem)) continue;
      stems[i].push(stem);
      out[i] = { ...out[i], raw: `${out[i].raw} / ${r.trim()}` };
    }
    return out;
  }
}
