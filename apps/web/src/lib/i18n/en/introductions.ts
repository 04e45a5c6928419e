import type { Messages } from '../messages';

/* English texts of the introductions pages: every key of ../fr/introductions.ts. */
export const introductions: Messages['introductions'] = {};
