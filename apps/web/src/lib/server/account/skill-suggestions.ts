import synonyms from '../../../../../../libs/matching/data/synonyms.json';

/**
 * The skills the matching engine knows with their synonyms (French and English), offered as
 * suggestions while typing (a `<datalist>`: no JavaScript). Skills stay free words.
 */
export const SKILL_SUGGESTIONS: readonly string[] = [...new Set(synonyms.groups.flatMap((g) => g.terms))].sort((a, b) =>
  a.localeCompare(b, 'fr'),
);
