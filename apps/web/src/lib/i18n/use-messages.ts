import { page } from '$app/state';
import { isLocale, DEFAULT_LOCALE } from './locale';
import { messagesFor, type Messages } from './messages';

/** The catalogue of the page being rendered (the locale comes from the root layout's data). */
export function messages(): Messages {
  const locale = (page.data as { locale?: unknown }).locale;
  return messagesFor(isLocale(locale) ? locale : DEFAULT_LOCALE);
}
