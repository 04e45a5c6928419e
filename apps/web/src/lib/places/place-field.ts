/*
 * What the place fields' script decides, kept apart from the DOM so it can be tested: the
 * status texts of the catalogue filled in, the address it asks, and what a picked place
 * puts in the form (the same fields the server already reads for a place chosen without
 * JavaScript, so the submit needs no second round).
 */
import type { PlaceOption } from './place-suggestions';

/** Fewer letters name too many places to be useful. */
export const PLACE_QUERY_MIN_LENGTH = 2;

/** The catalogue's texts (`t.places`), sent to the browser as JSON in a <meta>. */
export type PlaceTexts = {
  queryTooShort: string;
  noResults: string;
  statusNoResults: string;
  statusOneResult: string;
  statusResults: string;
  statusSelected: string;
  assistiveHint: string;
};

/** `{n}`, `{option}`, `{position}` replaced by their values. */
export const fill = (text: string, values: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));

/** The status a screen reader hears when suggestions arrive. */
export const resultsStatus = (t: PlaceTexts, count: number, selected: string): string =>
  `${fill(count === 1 ? t.statusOneResult : t.statusResults, { n: count })} ${selected}`.trim();

/** The address of the suggestions for a query. */
export const suggestionsUrl = (query: string, communesOnly: boolean): string =>
  `/lieux?${new URLSearchParams(communesOnly ? { q: query.trim(), communes: '1' } : { q: query.trim() }).toString()}`;

/**
 * How a field puts a picked place in the form. `label` ("Mane (04300)") for the forms that
 * keep a code while the text equals its label; `name` ("Mane") for the project search, which
 * looks the text up again and keeps the code it finds among the answers.
 */
export type FillMode = 'label' | 'name';

export const readFillMode = (value: string | undefined): FillMode => (value === 'name' ? 'name' : 'label');

/** What the text field shows for a place (or for the text typed before: a string). */
export const shownText = (option: PlaceOption | string | undefined, mode: FillMode): string =>
  option === undefined ? '' : typeof option === 'string' ? option : mode === 'name' ? option.name : option.label;

/** The hidden fields a picked place sets: its code, and its label when the form keeps one. */
export function pickedFields(option: PlaceOption, codeField: string, labelField: string | undefined): [string, string][] {
  const fields: [string, string][] = [[codeField, option.code]];
  if (labelField) fields.push([labelField, option.label]);
  return fields;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The widget writes suggestions as HTML: a name is text, never markup. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
