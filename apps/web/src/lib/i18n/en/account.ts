import type { Messages } from '../messages';

/* English texts of the account pages: every key of ../fr/account.ts. */
export const account: Messages['account'] = {};
