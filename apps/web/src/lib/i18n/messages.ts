import type { Locale } from './locale';
import { en } from './messages.en';
import { fr } from './messages.fr';

/** Every text of the site; the French catalogue defines the keys, the English one must have them all. */
export type Messages = typeof fr;

const CATALOGUES: Record<Locale, Messages> = { fr, en };

export const messagesFor = (locale: Locale): Messages => CATALOGUES[locale];
