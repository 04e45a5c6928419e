/* French texts of the me pages (the reference for keys); English in ../en/me.ts. */
export const me = {};
