/*
 * The place fields' enhancement, the only JavaScript of the pages that have one: each
 * `input[data-place-code]` becomes an accessible-autocomplete combobox that suggests places
 * from GET /lieux as the person types. Picking one fills the hidden fields the server reads
 * for a chosen place; without this script (or before it runs) the plain field works as before.
 * Loaded by PlaceSuggestScript.svelte as a standalone script: lighter than hydrating the page.
 */
import accessibleAutocomplete from 'accessible-autocomplete';
import {
  escapeHtml,
  fill,
  PLACE_QUERY_MIN_LENGTH,
  pickedFields,
  type PlaceTexts,
  readFillMode,
  resultsStatus,
  shownText,
  suggestionsUrl,
} from './place-field';
import type { PlaceOption } from './place-suggestions';

/** Wait for a pause in typing before asking: one request per word, not per letter. */
const DEBOUNCE_MS = 250;

const texts = JSON.parse(document.querySelector<HTMLMetaElement>('meta[name="trame-place-texts"]')?.content ?? '{}') as PlaceTexts;

function suggester(communesOnly: boolean) {
  const known = new Map<string, PlaceOption[]>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: AbortController | undefined;
  return (query: string, populate: (options: PlaceOption[]) => void) => {
    clearTimeout(timer);
    pending?.abort();
    const url = suggestionsUrl(query, communesOnly);
    const cached = known.get(url);
    if (cached) return populate(cached);
    // The first query goes at once: until an answer comes, the widget says "no place matches".
    const wait = known.size === 0 ? 0 : DEBOUNCE_MS;
    timer = setTimeout(() => {
      const controller = (pending = new AbortController());
      fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } })
        .then((response) => (response.ok ? (response.json() as Promise<PlaceOption[]>) : []))
        .then((options) => {
          known.set(url, options);
          populate(options);
        })
        .catch(() => {
          // Aborted by a newer query, or offline: no suggestions; the server resolves the text on submit.
        });
    }, wait);
  };
}

/** Sets (or adds) the hidden field `name` of the form. */
function setHidden(form: HTMLFormElement, near: Element, name: string, value: string): void {
  let field = form.querySelector<HTMLInputElement>(`input[type="hidden"][name="${CSS.escape(name)}"]`);
  if (!field) {
    field = Object.assign(document.createElement('input'), { type: 'hidden', name });
    near.after(field);
  }
  field.value = value;
}

function enhance(original: HTMLInputElement): void {
  const form = original.form;
  const { placeCode: codeField, placeLabel: labelField, placeFill, placeCommunes, placeStale } = original.dataset;
  if (!form || !codeField) return;
  const mode = readFillMode(placeFill);
  const describedBy = original.getAttribute('aria-describedby') ?? '';
  const invalid = original.getAttribute('aria-invalid');
  const hadFocus = document.activeElement === original;
  const container = document.createElement('div');
  original.before(container);
  original.remove();

  accessibleAutocomplete({
    element: container,
    id: original.id,
    name: original.name,
    // What was typed before the script ran is kept.
    defaultValue: original.value,
    source: suggester(placeCommunes === '1'),
    minLength: PLACE_QUERY_MIN_LENGTH,
    displayMenu: 'overlay',
    showNoOptionsFound: true,
    templates: {
      inputValue: (option?: PlaceOption | string) => shownText(option, mode),
      suggestion: (option: PlaceOption | string) => escapeHtml(shownText(option, 'label')),
    },
    onConfirm: (option?: PlaceOption) => {
      if (!option || typeof option === 'string') return;
      for (const [name, value] of pickedFields(option, codeField, labelField)) setHidden(form, container, name, value);
      // Choices listed for an earlier text, or "place chosen: …", no longer apply.
      for (const id of (placeStale ?? '').split(' ').filter(Boolean)) document.getElementById(id)?.remove();
    },
    tNoResults: () => texts.noResults,
    tStatusQueryTooShort: (min: number) => fill(texts.queryTooShort, { n: min }),
    tStatusNoResults: () => texts.statusNoResults,
    tStatusSelectedOption: (option: string, length: number, index: number) =>
      fill(texts.statusSelected, { option, position: index + 1, n: length }),
    tStatusResults: (length: number, selected: string) => resultsStatus(texts, length, selected),
    tAssistiveHint: () => texts.assistiveHint,
  });

  const input = container.querySelector<HTMLInputElement>('input[role="combobox"]');
  if (!input) return;
  if (invalid) input.setAttribute('aria-invalid', invalid);
  // The widget sets aria-describedby to its own hint only (and drops it once text is typed):
  // the field's hint and error stay described, whatever it sets.
  const keepDescription = () => {
    const own = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !describedBy.split(' ').includes(id));
    const wanted = [describedBy, ...own].filter(Boolean).join(' ');
    if (wanted && input.getAttribute('aria-describedby') !== wanted) input.setAttribute('aria-describedby', wanted);
  };
  keepDescription();
  // Enter in the text (no suggestion highlighted: those take the focus) sends the form as it
  // does without JavaScript; the widget would only swallow it while its list is open.
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') event.stopPropagation();
  });
  new MutationObserver(keepDescription).observe(input, { attributes: true, attributeFilter: ['aria-describedby'] });
  if (hadFocus) input.focus();
}

document.querySelectorAll<HTMLInputElement>('input[data-place-code]').forEach(enhance);
