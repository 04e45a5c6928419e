import type { Messages } from '../messages';

/* English texts of the holder pages: every key of ../fr/holder.ts. */
export const holder: Messages['holder'] = {};
