// Test services, started once per jest run (the integration project's globalSetup). Kept
// in plain JS: jest loads globalSetup before any transform is configured for it.
//
// Redis: REDIS_URL if set; else the one on 127.0.0.1:6379 if it answers; else a
// redis-server of our own on a free port, stopped after the run.
// MongoDB: MONGO_URL if set; else FerretDB 1.24 (MongoDB's wire protocol) on its SQLite
// handler in a temporary folder, built once with Go (scripts/install-ferretdb.sh) if no
// binary is found. Jest spawns its workers after globalSetup, so they inherit both URLs.
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

// globalSetup and globalTeardown run in the same process; keep the stop functions on
// globalThis so they survive even if jest loads this module twice.
const services = (globalThis.__trameTestServices ??= []);

async function startServices() {
  if (!process.env.REDIS_URL) process.env.REDIS_URL = await findOrStartRedis();
  if (!process.env.MONGO_URL) process.env.MONGO_URL = await startFerretDb();
}

async function stopServices() {
  while (services.length > 0) await services.pop()();
}

/** True when a Redis answers PING at host:port within a second. */
function redisAnswers(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function onPath(command) {
  return (process.env.PATH || '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, command))
    .find((file) => {
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

async function findOrStartRedis() {
  if (await redisAnswers('127.0.0.1', 6379)) return 'redis://127.0.0.1:6379';
  const binary = process.env.REDIS_SERVER_BIN || onPath('redis-server');
  if (!binary) {
    throw new Error(
      'No Redis answers on 127.0.0.1:6379 and redis-server was not found on the PATH. Install Redis ' +
        '(Debian: apt-get install redis-server) or set REDIS_URL to a Redis the tests may use.',
    );
  }
  const port = await freePort();
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  services.push(async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  });
  const deadline = Date.now() + 10000;
  while (!(await redisAnswers('127.0.0.1', port))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} on port ${port}`);
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.stderr.write(`\n[test services] started redis-server on 127.0.0.1:${port}\n`);
  return `redis://127.0.0.1:${port}`;
}

/** ferretdb from FERRETDB_BIN, the PATH, Go's bin folder, or built there now with Go. */
function findOrBuildFerretDb() {
  const gopath = process.env.GOPATH || path.join(os.homedir(), 'go');
  const candidates = [process.env.FERRETDB_BIN, onPath('ferretdb'), path.join(gopath, 'bin', 'ferretdb')].filter(Boolean);
  const found = candidates.find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (found) return found;
  if (!onPath('go')) {
    throw new Error(
      'MONGO_URL is not set, no ferretdb binary was found (PATH, $GOPATH/bin, FERRETDB_BIN) and Go is not ' +
        'installed to build one. Install Go (FerretDB 1.24 is built once, about a minute), or set MONGO_URL ' +
        'to a MongoDB the tests may use.',
    );
  }
  process.stderr.write('\n[test services] building FerretDB 1.24 with Go (once)…\n');
  const dest = path.join(gopath, 'bin');
  execFileSync('bash', [path.join(__dirname, '..', 'scripts', 'install-ferretdb.sh'), dest], { stdio: ['ignore', 'inherit', 'inherit'] });
  return path.join(dest, 'ferretdb');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startFerretDb() {
  const binary = findOrBuildFerretDb();
  // SQLite handler: no PostgreSQL needed; one folder per run, removed afterwards.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trame-ferretdb-'));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  // The free port can be taken between finding it and FerretDB binding it (other test
  // runs share the machine): try again on another port if FerretDB exits at once.
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const server = await launchFerretDb(binary, dir);
      services.push(async () => {
        await server.stop();
        removeDir();
      });
      return server.url;
    } catch (error) {
      lastError = error;
      if (!error.exitedEarly) break;
    }
  }
  removeDir();
  throw lastError;
}

async function launchFerretDb(binary, dir) {
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `trame-ferretdb-${process.pid}-${port}.log`);
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    binary,
    [
      `--listen-addr=127.0.0.1:${port}`,
      // The debug HTTP listener defaults to a fixed port (8088) that concurrent runs share.
      '--debug-addr=-',
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      '--state-dir=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // If jest dies without running globalTeardown, do not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(logFile, { force: true });
  };

  const url = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitForPing(url, exited, 20000);
  } catch (error) {
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
    const exitedEarly = child.exitCode !== null;
    await stop().catch(() => {});
    throw Object.assign(new Error(`FerretDB (${binary}) did not start on port ${port}: ${error.message}\n${tail}`), { exitedEarly });
  }
  return { url, stop };
}

/** Resolves once the server answers a command that needs PostgreSQL behind it. */
async function waitForPing(url, exited, timeoutMs) {
  const { MongoClient } = require('mongodb');
  let stopped;
  exited.then((status) => (stopped = status));
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (stopped) throw new Error(`ferretdb exited (code ${stopped.code}, signal ${stopped.signal})`);
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.connect();
      await client.db('admin').command({ listDatabases: 1, nameOnly: true });
      return;
    } catch (error) {
      lastError = error;
    } finally {
      await client.close().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no answer after ${timeoutMs} ms: ${lastError && lastError.message}`);
}

module.exports = { startServices, stopServices };
