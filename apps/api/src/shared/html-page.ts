/** A text in both languages; French is shown first. */
export type Bilingual = Readonly<{ fr: string; en: string }>;

/** The one line of a JSON answer: French, then English. */
export const oneLine = (m: Bilingual) => `${m.fr} / ${m.en}`;

const BASE_CSS = `body{font-family:Helvetica,Arial,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2d1f}
p{line-height:1.5}button{font-size:1rem;padding:.6rem 1.2rem;background:#2f6b3b;color:#fff;border:0;border-radius:4px;cursor:pointer}`;

/**
 * The shell of the small pages links in emails open (unsubscribe, sign-in, introductions):
 * French page, not indexed, self-contained styles. `body` must already be escaped.
 */
export const htmlPage = (body: string, extraCss = ''): string => `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Trame</title>
<style>${BASE_CSS}${extraCss ? `\n${extraCss}` : ''}</style>
</head>
<body>
${body}
</body>
</html>
`;
