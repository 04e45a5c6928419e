// The web app on its own (`npm run start:web`, the compose `web` service): adapter-node's
// handler, and the api's public paths (`/v1/…`, `/docs`) passed through to API_URL, so that
// one address serves the pages and every link of the emails (the unsubscribe header's
// one-click POST included, which SvelteKit's cross-site check would refuse as a form post).
import { createHmac } from 'node:crypto';
import http from 'node:http';

// adapter-node assumes https unless told the origin, and SvelteKit then refuses form posts
// from http pages: without ORIGIN (the public address behind a TLS proxy) or a proxy's
// PROTOCOL_HEADER, the connection's own protocol goes in a header set here on every request.
const PROTOCOL_HEADER = 'x-trame-proto';
const ownProtocolHeader = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (ownProtocolHeader) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
// Imported after: adapter-node reads its environment when it loads.
const { handler } = await import('./build/handler.js');

const apiUrl = new URL(process.env.API_URL || 'http://127.0.0.1:3000');
const port = Number(process.env.PORT || 3002);
const host = process.env.HOST || '0.0.0.0';

// The person's IP, for the api's per-IP limits, with the key that proves this server set it
// (derived from LINK_SECRET as the api derives it: apps/api/src/auth/client-ip.ts).
const webKey =
  process.env.TRAME_WEB_KEY ||
  (process.env.LINK_SECRET?.trim()
    ? createHmac('sha256', Buffer.from(process.env.LINK_SECRET.trim(), 'utf8'))
        .update('trame-subkey:web-client-ip')
        .digest()
        .toString('base64url')
    : undefined);
if (!webKey)
  process.stderr.write("[web] neither TRAME_WEB_KEY nor LINK_SECRET is set: the api counts every visitor under this server's address\n");
const HOP_BY_HOP = ['connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'proxy-authorization', 'proxy-connection', 'transfer-encoding'];

export const isPassedToApi = (path) => ['/v1', '/docs'].some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

function passToApi(req, res) {
  const headers = { ...req.headers, host: apiUrl.host };
  for (const name of HOP_BY_HOP) delete headers[name];
  // Only this server says who the person is: what a client sent under these names is dropped.
  delete headers['x-trame-client-ip'];
  delete headers['x-trame-web-key'];
  if (webKey && req.socket.remoteAddress) {
    headers['x-trame-client-ip'] = req.socket.remoteAddress.replace(/^::ffff:/, '');
    headers['x-trame-web-key'] = webKey;
  }
  const upstream = http.request(
    { protocol: apiUrl.protocol, hostname: apiUrl.hostname, port: apiUrl.port, method: req.method, path: req.url, headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('api unavailable');
  });
  req.pipe(upstream);
}

const server = http.createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (isPassedToApi(path)) return passToApi(req, res);
  if (ownProtocolHeader) req.headers[PROTOCOL_HEADER] = req.socket.encrypted ? 'https' : 'http';
  handler(req, res, () => {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
  });
});

server.listen(port, host, () => process.stdout.write(`Trame's web app at http://localhost:${port} (api: ${apiUrl.origin})\n`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
