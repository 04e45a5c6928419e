/* French texts of the account pages (the reference for keys); English in ../en/account.ts. */
export const account = {};
