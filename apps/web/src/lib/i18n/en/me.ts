import type { Messages } from '../messages';

/* English texts of the me pages: every key of ../fr/me.ts. */
export const me: Messages['me'] = {};
