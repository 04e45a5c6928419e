import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { LinkSigner } from '@trame/mail';
import { waitUntil } from '@trame/testing';
import { webClientKey } from '../../apps/api/src/auth/client-ip';
import { freePort } from '../e2e/processes';

/*
 * `npm run start:web` (apps/web/serve.js): the web app alone, with the api's public paths
 * passed through, so that the links of the emails (and the one-click unsubscribe POST, which
 * carries no Origin) reach the api at the same address as the pages.
 */

const LINK_SECRET = 'serve-spec-secret-serve-spec-secret-serve';

type Seen = { method: string; url: string; body: string; host: string | undefined; ip?: string; key?: string };

describe('the web app served alone (apps/web/serve.js)', () => {
  jest.setTimeout(60_000);
  let api: Server;
  let web: ChildProcess;
  let base: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    api = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const header = (name: string) => (typeof req.headers[name] === 'string' ? req.headers[name] : undefined);
        seen.push({
          method: req.method!,
          url: req.url!,
          body,
          host: req.headers.host,
          ip: header('x-trame-client-ip'),
          key: header('x-trame-web-key'),
        });
        res.writeHead(req.url!.startsWith('/v1/missing') ? 404 : 200, { 'content-type': 'application/json', 'x-from': 'api' });
        res.end(JSON.stringify({ items: [], total: 0, page: 1, perPage: 6 }));
      });
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const apiPort = (api.address() as AddressInfo).port;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    web = spawn(process.execPath, [join(__dirname, '..', '..', 'apps', 'web', 'serve.js')], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        API_URL: `http://127.0.0.1:${apiPort}`,
        LINK_SECRET,
        TRAME_WEB_KEY: '',
      },
      stdio: 'ignore',
    });
    await waitUntil(
      () =>
        fetch(`${base}/`).then(
          (r) => r.status,
          () => 0,
        ),
      (status) => status === 200,
      'the web app answering',
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  });

  afterAll(async () => {
    web?.kill('SIGTERM');
    await new Promise<void>((resolve) => api.close(() => resolve()));
  });

  it('serves the pages itself (the home page reads the projects from the api)', async () => {
    const response = await fetch(`${base}/`);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('<html lang="fr"');
    expect(seen.some((s) => s.url.startsWith('/v1/projects'))).toBe(true);
  });

  it('passes the api’s paths through as they are: method, query, body, status and headers', async () => {
    seen.length = 0;
    const oneClick = await fetch(`${base}/v1/members/m-1/unsubscribe?token=t0k`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(oneClick.headers.get('x-from')).toBe('api');
    expect(seen.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'POST', url: '/v1/members/m-1/unsubscribe?token=t0k', body: 'List-Unsubscribe=One-Click' },
    ]);
    // The api sees its own address as the host (virtual hosts, absolute links).
    expect(seen[0].host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect((await fetch(`${base}/v1/missing`)).status).toBe(404);
  });

  it('takes a form post from its own http page, and refuses one from another site', async () => {
    const post = (origin: string) =>
      fetch(`${base}/deconnexion`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded', 'x-trame-proto': 'https' },
        body: '',
      });
    expect((await post(base)).status).toBe(303);
    expect((await post('http://evil.example')).status).toBe(403);
  });

  it('tells the api who the person is, with its key, whatever the client sent under those names', async () => {
    seen.length = 0;
    await fetch(`${base}/v1/auth/link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trame-client-ip': '203.0.113.9', 'x-trame-web-key': 'forged' },
      body: '{}',
    });
    expect(seen).toHaveLength(1);
    expect(seen[0].ip).toBe('127.0.0.1');
    expect(seen[0].key).toBe(webClientKey(new LinkSigner(Buffer.from(LINK_SECRET, 'utf8'), 'http://localhost')));
  });

  it('keeps the pages whose names start like an api path for itself', async () => {
    seen.length = 0;
    expect((await fetch(`${base}/v1projets`)).status).toBe(404);
    expect(seen).toEqual([]);
  });
});
