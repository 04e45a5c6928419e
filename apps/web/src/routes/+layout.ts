// Pages are rendered on the server and work without JavaScript; these pages have nothing for
// JavaScript to enhance, so none is sent (a page with a form turns `csr` back on).
export const csr = false;
