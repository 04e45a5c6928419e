import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/**
 * `npm start` on a machine with Redis installed but not running: start a redis-server of
 * its own, with its append-only file under DATA_DIR/redis so queued emails and timers
 * survive a restart like the embedded event log does. Only when REDIS_URL is unset and
 * nothing answers on the default address; production sets REDIS_URL.
 *
 * Returns the URL to use, or undefined to leave the default (and its clear error) alone.
 */
export async function ensureEmbeddedRedis(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  log: (line: string) => void,
  defaultPort = 6379,
): Promise<string | undefined> {
  if (env.REDIS_URL) return undefined;
  if (await redisAnswers(defaultPort)) return undefined;
  const binary = onPath('redis-server', env.PATH ?? '');
  if (!binary) return undefined;

  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const portFile = join(dir, 'port');
  // One left running by a previous start that was killed: it owns this folder, reuse it.
  const previousPort = readPort(portFile);
  if (previousPort !== undefined && (await redisAnswers(previousPort))) {
    log(`using the embedded Redis already running on 127.0.0.1:${previousPort} (files in ${dir})`);
    return `redis://127.0.0.1:${previousPort}`;
  }

  const port = await freePort();
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''],
    { stdio: 'ignore' },
  );
  // Not a reason to keep the event loop alive by itself: the server is.
  child.unref();
  writeFileSync(portFile, String(port));
  // SIGTERM lets Redis flush its append-only file; the process exits with ours.
  process.once('exit', () => child.kill('SIGTERM'));
  const deadline = Date.now() + 10_000;
  while (!(await redisAnswers(port))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} (files in ${dir})`);
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on 127.0.0.1:${port} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  log(`no Redis on 127.0.0.1:${defaultPort}: started redis-server on 127.0.0.1:${port} (files in ${dir})`);
  return `redis://127.0.0.1:${port}`;
}

function readPort(file: string): number | undefined {
  try {
    const port = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
  } catch {
    return undefined;
  }
}

function onPath(command: string, path: string): string | undefined {
  return path
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, command))
    .find((file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/** True when a Redis answers PING on 127.0.0.1:port within a second. */
export function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
