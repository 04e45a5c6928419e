/** What is worth compressing: the pages and data the server renders (static assets are precompressed at build). */
const COMPRESSIBLE = /^(text\/|application\/(json|xml|javascript|manifest\+json)|image\/svg\+xml)/;

/**
 * The response gzipped, streamed, when the browser accepts it: a page's HTML shrinks about
 * fourfold, which is most of its weight on a slow rural connection. Left as it is: a
 * response without a body, already encoded, or of a type that does not compress.
 */
export function gzipped(request: Request, response: Response): Response {
  if (!response.body || request.method === 'HEAD' || response.headers.has('content-encoding')) return response;
  if (!COMPRESSIBLE.test(response.headers.get('content-type') ?? '')) return response;
  const headers = new Headers(response.headers);
  headers.append('Vary', 'Accept-Encoding');
  if (!/\bgzip\b/i.test(request.headers.get('accept-encoding') ?? ''))
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  headers.set('Content-Encoding', 'gzip');
  headers.delete('Content-Length');
  return new Response(response.body.pipeThrough(new CompressionStream('gzip')), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
