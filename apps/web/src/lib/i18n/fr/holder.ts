/* French texts of the holder pages (the reference for keys); English in ../en/holder.ts. */
export const holder = {};
