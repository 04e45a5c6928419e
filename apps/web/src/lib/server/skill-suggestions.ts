/*
 * Words offered in a skills field's `<datalist>` (free words stay allowed): the terms of the
 * matching engine's synonym groups, so a suggestion picked is one the matching knows.
 */
import synonyms from '../../../../../libs/matching/data/synonyms.json';

type SynonymData = { groups: { id: string; terms: string[] }[] };

const byName = new Intl.Collator('fr');

/** Every term once, in alphabetical order (French collation: accents sort with their letter). */
export const SKILL_SUGGESTIONS: readonly string[] = [...new Set((synonyms as SynonymData).groups.flatMap((g) => g.terms))].sort(
  byName.compare,
);
