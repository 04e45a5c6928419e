/** The languages of the site: French first (the default), English complete. */
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';

/** The cookie keeping a visitor's choice (a year; not personal data, no consent needed). */
export const LOCALE_COOKIE = 'lang';

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
