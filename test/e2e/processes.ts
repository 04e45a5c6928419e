import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { deleteRedisKeys } from '@trame/testing';
import type { Principal } from '../../apps/api/src/auth/principal';
import { sessionTokensFor } from '../../apps/api/src/auth/session-tokens';
import { memberIdFor } from '../../apps/api/src/members/member-registration';
import { emailLookupHash, LinkSigner } from '@trame/mail';

const ROOT = join(__dirname, '..', '..');

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export type AppProcess = { child: ChildProcess; output: () => string; url: string };

/**
 * Starts a built app (`npm run build` first: `npm test` does it) as a real process.
 * `distDir` (relative to the repo) runs another build, e.g. one compiled aside while others use dist/.
 */
export async function startApp(
  app: 'standalone' | 'api' | 'matcher' | 'notifier',
  env: Record<string, string>,
  options: { distDir?: string } = {},
): Promise<AppProcess> {
  // E2E_DIST_DIR (a build compiled aside) applies to every test, not only those that pass it.
  const entry = join(ROOT, options.distDir ?? process.env.E2E_DIST_DIR ?? 'dist', 'apps', app, 'src', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` before the end-to-end tests`);
  const port = env.PORT ?? String(await freePort());
  let output = '';
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    // Embedded defaults unless the test says otherwise (the jest run itself may have MONGO_URL set).
    env: { ...process.env, MONGO_URL: '', EVENTSTORE_URL: '', SMTP_URL: '', LOG_LEVEL: 'warn', ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  if (app === 'standalone' || app === 'api') await waitForHttp(`${url}/health/live`, child, () => output);
  else await waitForOutput(`${app} started`, child, () => output);
  return { child, output: () => output, url };
}

async function waitForOutput(text: string, child: ChildProcess, output: () => string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (!output().includes(text)) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" within ${timeoutMs} ms:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`app did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

/**
 * Sends `signal` and waits for the exit. A graceful stop (SIGTERM) that takes longer than
 * `graceMs` is a failure: the process is then killed and the error says so.
 */
export async function kill(p: AppProcess, signal: NodeJS.Signals = 'SIGKILL', graceMs = 15_000): Promise<Exit> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return { code: p.child.exitCode, signal: p.child.signalCode };
  const exited = new Promise<Exit>((resolve) => p.child.once('exit', (code, sig) => resolve({ code, signal: sig })));
  p.child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      p.child.kill('SIGKILL');
      reject(new Error(`process did not exit within ${graceMs} ms of ${signal}:\n${p.output()}`));
    }, graceMs);
  });
  try {
    return await Promise.race([exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Nest re-raises the signal after a graceful shutdown, so a clean stop ends by SIGTERM (or 0). */
export const stoppedCleanly = (exit: Exit) => exit.code === 0 || exit.signal === 'SIGTERM';

export const json = async (url: string, method: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // Read it with `bodyOf` (apps/api/test/typed-reads), naming what the endpoint answers.
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  return { status: res.status, body: parsed };
};

/** `waitUntil` options that stop at once if the process exits and show its output on failure. */
export const whileRunning = (p: AppProcess, name: string, timeoutMs: number, intervalMs = 20) => ({
  timeoutMs,
  intervalMs,
  abortIf: () => (p.child.exitCode !== null ? `${name} exited (${p.child.exitCode})` : undefined),
  context: () => p.output().slice(-3000),
});

/** Deletes a test's Redis keys (its QUEUE_PREFIX) once its processes are stopped. */
export async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    await deleteRedisKeys(redis, prefix);
  } finally {
    await redis.quit();
  }
}

/**
 * `Bearer …` of a session the api started with `linkSecret` (its LINK_SECRET) accepts, for
 * steps that are not about sign-in itself (the journey tests sign in through the email).
 */
export const sessionBearer = (linkSecret: string, principal: Partial<Principal>): string => {
  const session: Principal = { subject: `e2e-${randomUUID()}`, memberIds: [], referentIds: [], admin: false, ...principal };
  return `Bearer ${sessionTokensFor(linkSecret).issue(session)}`;
};

/**
 * The id a new address's member gets, as the session's `memberIds` would tell it after
 * signing in (the registration answer never holds it): for steps that are not about
 * sign-in itself, like `sessionBearer` (the journey test signs in through the email).
 */
export const newMemberId = (linkSecret: string, email: string): string =>
  memberIdFor(emailLookupHash(new LinkSigner(Buffer.from(linkSecret, 'utf8'), 'http://localhost'), email), 0);
