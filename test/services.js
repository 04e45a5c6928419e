// Test services, started once per jest run. Kept in plain JS: jest loads globalSetup
// before any transform is configured for it.
//
// MongoDB: unless MONGO_URL is set, FerretDB 1.24 (MongoDB wire over PostgreSQL) is
// started on a free port over a fresh PostgreSQL database, and MONGO_URL points at it.
// Jest spawns its workers after globalSetup, so they inherit the variable.
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

// globalSetup and globalTeardown run in the same process; keep the stop functions on
// globalThis so they survive even if jest loads this module twice.
const services = (globalThis.__trameTestServices ??= []);

async function startServices() {
  process.env.REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (!process.env.MONGO_URL) process.env.MONGO_URL = await startFerretDb();
}

async function stopServices() {
  while (services.length > 0) await services.pop()();
}

/** ferretdb from FERRETDB_BIN, the PATH, or Go's bin folder (where install-ferretdb.sh puts it). */
function findFerretDb() {
  const gopath = process.env.GOPATH || path.join(os.homedir(), 'go');
  const candidates = [
    process.env.FERRETDB_BIN,
    ...(process.env.PATH || '')
      .split(path.delimiter)
      .filter(Boolean)
      .map((dir) => path.join(dir, 'ferretdb')),
    path.join(gopath, 'bin', 'ferretdb'),
  ].filter(Boolean);
  return candidates.find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
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

/** Runs SQL on one of the server's databases with psql (trust auth, or the password in PG_URL). */
function psql(serverUrl, sql, database = 'postgres') {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  execFileSync('psql', [url.toString(), '-X', '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/*
 * FerretDB 1.24 looks documents up by `_id` with `_jsonb->'_id' @> value`, which its own
 * btree index on `_jsonb->'_id'` cannot serve: every replace-upsert and `_id` find scans
 * the whole table, so writing n documents costs O(n²) (measured: 16 ms per lookup among
 * 2,300 recommendation lists, 0.04 ms with the index below; a 3,000-event matcher
 * catch-up took 44 s instead of 22 s). MongoDB, in production, has an `_id` index. A GIN
 * index on the same expression serves `@>`: this event trigger adds one to every table
 * FerretDB creates, and custom plans keep PostgreSQL using it (a cached generic plan of
 * `_jsonb->$1 @> $2` cannot). Only the test database is affected.
 */
const INDEX_DOCUMENT_IDS = `
CREATE FUNCTION trame_index_document_ids() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE created record;
BEGIN
  FOR created IN
    SELECT c.oid::regclass AS tbl FROM pg_event_trigger_ddl_commands() d JOIN pg_class c ON c.oid = d.objid
    WHERE d.object_type = 'table' AND c.relname NOT LIKE '\\_ferretdb\\_%'
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = '_jsonb' AND NOT a.attisdropped)
  LOOP
    EXECUTE format('CREATE INDEX ON %s USING gin ((_jsonb -> ''_id'')) WITH (fastupdate = off)', created.tbl);
  END LOOP;
END $$;
CREATE EVENT TRIGGER trame_index_document_ids ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
  EXECUTE FUNCTION trame_index_document_ids();
`;

async function startFerretDb() {
  const binary = findFerretDb();
  if (!binary) {
    throw new Error(
      'MONGO_URL is not set and ferretdb was not found (PATH, $GOPATH/bin, FERRETDB_BIN). ' +
        'The MongoDB adapter tests need a MongoDB-wire server: run scripts/install-ferretdb.sh ' +
        '(builds FerretDB 1.24 with Go), or set MONGO_URL to a MongoDB you can use for tests.',
    );
  }
  const serverUrl = process.env.PG_URL || 'postgres://postgres@127.0.0.1:5432';
  const dbName = `trame_test_${process.pid}`;
  try {
    psql(serverUrl, `DROP DATABASE IF EXISTS ${dbName}`);
    psql(serverUrl, `CREATE DATABASE ${dbName}`);
  } catch (error) {
    const detail = error.stderr ? String(error.stderr).trim() : error.message;
    throw new Error(`could not create the PostgreSQL database ${dbName} for FerretDB on ${serverUrl} (set PG_URL?): ${detail}`);
  }
  try {
    psql(serverUrl, `ALTER DATABASE ${dbName} SET plan_cache_mode = force_custom_plan`);
    psql(serverUrl, INDEX_DOCUMENT_IDS, dbName);
  } catch (error) {
    // Event triggers need a superuser: without them the tests pass, large ones slowly.
    const detail = error.stderr ? String(error.stderr).trim() : error.message;
    process.stderr.write(
      `warning: no _id index for FerretDB's tables in ${dbName} (${detail}); large MongoDB-adapter tests will be slow\n`,
    );
  }
  const dropDatabase = () => psql(serverUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  const pgUrl = new URL(serverUrl);
  pgUrl.pathname = `/${dbName}`;

  // The free port can be taken between finding it and FerretDB binding it (other test
  // runs share the machine): try again on another port if FerretDB exits at once.
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const server = await launchFerretDb(binary, pgUrl.toString());
      services.push(async () => {
        await server.stop();
        dropDatabase();
      });
      return server.url;
    } catch (error) {
      lastError = error;
      if (!error.exitedEarly) break;
    }
  }
  dropDatabase();
  throw lastError;
}

async function launchFerretDb(binary, postgresqlUrl) {
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `trame-ferretdb-${process.pid}-${port}.log`);
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    binary,
    [
      `--listen-addr=127.0.0.1:${port}`,
      // The debug HTTP listener defaults to a fixed port (8088) that concurrent runs share.
      '--debug-addr=-',
      '--handler=postgresql',
      `--postgresql-url=${postgresqlUrl}`,
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
