/* French texts of the introductions pages (the reference for keys); English in ../en/introductions.ts. */
export const introductions = {};
