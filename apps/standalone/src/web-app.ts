import { existsSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { INestApplication } from '@nestjs/common';

/** What Nest answers under `npm start`; every other path is the web app's. */
const API_PREFIXES = ['/v1', '/docs', '/health', '/metrics', '/admin'] as const;

export const isApiPath = (path: string): boolean => API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

type Next = (error?: unknown) => void;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

/** The repository (or image) root: the first folder up from here with a package.json (dist/ has none). */
function rootFrom(dir: string): string {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, 'package.json'))) return current;
    if (dirname(current) === current) return process.cwd();
  }
}

/** The header this process sets (never the client) to tell adapter-node the connection's protocol. */
export const PROTOCOL_HEADER = 'x-trame-proto';

/**
 * adapter-node assumes https when it is not told the page's origin, and SvelteKit then
 * refuses every form post from an http page ("Cross-site POST form submissions are
 * forbidden"). Unless `ORIGIN` (the site's public address behind a TLS proxy) or a proxy's
 * `PROTOCOL_HEADER` is configured, the protocol is the one of the connection itself, in a
 * header this process overwrites on every request so that no client can choose it.
 */
export function trustSocketProtocol(env: NodeJS.ProcessEnv): (req: IncomingMessage) => void {
  if (env.ORIGIN || env.PROTOCOL_HEADER) return () => undefined;
  env.PROTOCOL_HEADER = PROTOCOL_HEADER;
  return (req) => {
    req.headers[PROTOCOL_HEADER] = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  };
}

/** adapter-node's request handler, built by `npm run build` into apps/web/build. */
export const webHandlerPath = (): string => join(rootFrom(__dirname), 'apps', 'web', 'build', 'handler.js');

/**
 * Serves the web app (SvelteKit, adapter-node) from the api's express, before Nest's own
 * middleware (body parsers would otherwise consume the web app's form posts). Call before
 * `listen`, then `start` once listening: the web app's server code reads API_URL when it
 * loads, and it calls this very process on its loopback address.
 */
export function mountWebApp(app: INestApplication, handlerPath = webHandlerPath()): { start: () => Promise<void> } | undefined {
  if (!existsSync(handlerPath)) return undefined;
  let loaded: (handler: Middleware) => void = () => undefined;
  let failed: (error: unknown) => void = () => undefined;
  // A page asked for between `listen` and `start` waits for the web app rather than reaching Nest.
  const handler = new Promise<Middleware>((resolve, reject) => ((loaded = resolve), (failed = reject)));
  const setProtocol = trustSocketProtocol(process.env);
  app.use((req: IncomingMessage & { path: string }, res: ServerResponse, next: Next) => {
    if (isApiPath(req.path)) return next();
    setProtocol(req);
    handler.then((h) => h(req, res, next), next);
  });
  return {
    start: async () => {
      const { address, port } = (app.getHttpServer() as Server).address() as AddressInfo;
      const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address.includes(':') ? `[${address}]` : address;
      process.env.API_URL = `http://${host}:${port}`;
      try {
        // adapter-node's output is ESM with top-level await: a real import(), kept by swc (`ignoreDynamic`).
        const module = (await import(pathToFileURL(handlerPath).href)) as { handler: Middleware };
        loaded(module.handler);
      } catch (error) {
        failed(error);
        throw error;
      }
    },
  };
}
