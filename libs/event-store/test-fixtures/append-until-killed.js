// Child process for the SQLite durability test. Plain JS: it loads the TypeScript adapter
// through a minimal require hook on @swc/core (no ts-node / @swc/register installed), then
// appends one event at a time and prints "ack <eventId>" only after each append resolved.
// The parent SIGKILLs it mid-stream and checks that every acknowledged event is in the file.
const fs = require('node:fs');
const { randomUUID } = require('node:crypto');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    swcrc: false,
    module: { type: 'commonjs' },
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
  });
  module._compile(code, filename);
};

const { SqliteEventStore } = require('../src/sqlite/sqlite-event-store.ts');

const [file, streamId] = process.argv.slice(2);
const store = new SqliteEventStore(file);

(async () => {
  for (let revision = 0; ; revision++) {
    const eventId = randomUUID();
    await store.appendToStream(streamId, [{ eventId, type: 'Ticked', data: { revision } }], {
      expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
    });
    process.stdout.write(`ack ${eventId}\n`);
  }
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
