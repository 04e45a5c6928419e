import { gunzipSync } from 'node:zlib';
import { gzipped } from './compress';

const page = '<!doctype html><html><body>' + 'Ferme maraîchère coopérative '.repeat(200) + '</body></html>';
const html = () =>
  new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(page)) } });
const get = (acceptEncoding?: string, method = 'GET') =>
  new Request('http://localhost/projets', { method, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('gzipped', () => {
  it('gzips a page for a browser that accepts it, and the bytes decode to the same page', async () => {
    const response = gzipped(get('gzip, deflate, br'), html());
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('vary')).toContain('Accept-Encoding');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBeLessThan(Buffer.byteLength(page) / 4);
    expect(gunzipSync(bytes).toString('utf8')).toBe(page);
  });

  it('sends the page as it is to a client that does not accept gzip (still varying on it)', async () => {
    const response = gzipped(get(), html());
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.headers.get('vary')).toContain('Accept-Encoding');
    expect(await response.text()).toBe(page);
  });

  it('leaves alone what has no body, is already encoded, or does not compress', () => {
    const redirect = new Response(null, { status: 303, headers: { location: '/moi' } });
    expect(gzipped(get('gzip'), redirect)).toBe(redirect);
    const encoded = new Response('x', { headers: { 'content-type': 'text/html', 'content-encoding': 'br' } });
    expect(gzipped(get('gzip'), encoded)).toBe(encoded);
    const image = new Response('png', { headers: { 'content-type': 'image/png' } });
    expect(gzipped(get('gzip'), image)).toBe(image);
    const head = html();
    expect(gzipped(get('gzip', 'HEAD'), head)).toBe(head);
  });
});
