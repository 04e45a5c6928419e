/*
 * The project's place without JavaScript: the person types a commune or a postcode; on each
 * submit the server looks the text up (GET /v1/places) and either takes the one commune it
 * names, or lists the communes it may mean to choose from (radio buttons in the same form,
 * so nothing typed is lost), or says that nothing matches.
 */
import type { ProjectFormValues } from './project-form';

/** What GET /v1/places answers, as far as it is read here. */
export type PlaceSuggestion = {
  code: string;
  kind: 'commune' | 'departement' | 'region';
  label: string;
  postcodes?: string[];
  departement?: { code: string };
};

export type PlaceOption = { code: string; label: string };

export type PlaceOutcome =
  | { state: 'chosen'; values: ProjectFormValues }
  | { state: 'choices'; values: ProjectFormValues; choices: PlaceOption[] }
  | { state: 'unknown' | 'empty'; values: ProjectFormValues };

/** "Mane (04300)": enough to tell two communes of the same name apart. */
export const optionLabel = (p: PlaceSuggestion): string => {
  const detail = p.postcodes?.[0] ?? p.departement?.code;
  return detail ? `${p.label} (${detail})` : p.label;
};

/** Names compared as the api does: no accents, case, hyphens or apostrophes. */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Whether the place already chosen still stands: the text is still its name. */
export const placeStillChosen = (v: ProjectFormValues): boolean =>
  v.placeCode !== '' && v.placeLabel !== '' && v.placeText.trim() === v.placeLabel.trim();

/**
 * The outcome of the typed text, given what the search found for it. A choice made among
 * listed communes (`placeCode` without its label yet) is taken if the text still finds it.
 */
export function choosePlace(v: ProjectFormValues, found: readonly PlaceSuggestion[]): PlaceOutcome {
  if (placeStillChosen(v)) return { state: 'chosen', values: v };
  const cleared = { ...v, placeCode: '', placeLabel: '' };
  const typed = v.placeText.trim();
  if (!typed) return { state: 'empty', values: cleared };
  const communes = found.filter((p) => p.kind === 'commune');
  const pick = (p: PlaceSuggestion): PlaceOutcome => {
    const label = optionLabel(p);
    return { state: 'chosen', values: { ...v, placeCode: p.code, placeLabel: label, placeText: label } };
  };
  const picked = communes.find((p) => p.code === v.placeCode);
  if (picked) return pick(picked);
  if (communes.length === 0) return { state: 'unknown', values: cleared };
  const key = fold(typed);
  const exact = communes.filter((p) => fold(p.label) === key || fold(optionLabel(p)) === key || (p.postcodes ?? []).includes(typed));
  const candidates = exact.length > 0 ? exact : communes;
  if (candidates.length === 1) return pick(candidates[0]);
  return { state: 'choices', values: cleared, choices: candidates.map((p) => ({ code: p.code, label: optionLabel(p) })) };
}
