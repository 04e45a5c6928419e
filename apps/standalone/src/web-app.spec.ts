import type { IncomingMessage } from 'node:http';
import { isApiPath, PROTOCOL_HEADER, trustSocketProtocol } from './web-app';

describe('which paths the api keeps under npm start', () => {
  it('keeps its own paths and what is under them', () => {
    for (const path of ['/v1', '/v1/projects', '/docs', '/docs/openapi.json', '/health', '/health/live', '/metrics', '/admin/queues']) {
      expect({ path, api: isApiPath(path) }).toEqual({ path, api: true });
    }
  });

  it('gives everything else to the web app, even a page whose name starts like an api path', () => {
    for (const path of ['/', '/projets', '/projets/nouveau', '/v1projets', '/docsx', '/healthy', '/administration', '/_app/x.js']) {
      expect({ path, api: isApiPath(path) }).toEqual({ path, api: false });
    }
  });
});

describe('the protocol adapter-node is told (form posts from http pages must not be taken for cross-site)', () => {
  const request = (encrypted: boolean, forged?: string) =>
    ({ socket: { encrypted }, headers: forged ? { [PROTOCOL_HEADER]: forged } : {} }) as unknown as IncomingMessage;

  it('is the connection’s own, in a header no client can choose', () => {
    const env: NodeJS.ProcessEnv = {};
    const set = trustSocketProtocol(env);
    expect(env.PROTOCOL_HEADER).toBe(PROTOCOL_HEADER);
    const plain = request(false, 'https');
    set(plain);
    expect(plain.headers[PROTOCOL_HEADER]).toBe('http');
    const tls = request(true);
    set(tls);
    expect(tls.headers[PROTOCOL_HEADER]).toBe('https');
  });

  it('leaves a configured ORIGIN or proxy header alone', () => {
    for (const env of [{ ORIGIN: 'https://trame.example' }, { PROTOCOL_HEADER: 'x-forwarded-proto' }] as NodeJS.ProcessEnv[]) {
      const before = { ...env };
      const req = request(false);
      trustSocketProtocol(env)(req);
      expect(env).toEqual(before);
      expect(req.headers[PROTOCOL_HEADER]).toBeUndefined();
    }
  });
});
