import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { keyStoreContract } from '../key-store.contract';
import { SqliteKeyStore } from './sqlite-key-store';

keyStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trame-keys-'));
  const store = new SqliteKeyStore(join(dir, 'keys.sqlite'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteKeyStore on disk', () => {
  it('leaves no trace of a deleted key in its files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trame-keys-'));
    const store = new SqliteKeyStore(join(dir, 'keys.sqlite'));
    const id = randomUUID();
    const key = await store.getOrCreateKey(id);
    await store.deleteKey(id);
    await store.close();
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file));
      expect(bytes.includes(key)).toBe(false);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("leaves no trace of a deleted subject's lookup entries in its files", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trame-keys-'));
    const store = new SqliteKeyStore(join(dir, 'keys.sqlite'));
    const id = randomUUID();
    const lookupHash = randomBytes(32).toString('hex');
    await store.getOrCreateKey(id);
    await store.addLookup(lookupHash, { subjectId: id, kind: 'member' });
    await store.deleteKey(id);
    await store.close();
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file)).toString('latin1');
      expect(text.includes(lookupHash)).toBe(false);
      expect(text.includes(id)).toBe(false);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps keys across reopening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trame-keys-'));
    const file = join(dir, 'keys.sqlite');
    const id = randomUUID();
    const first = new SqliteKeyStore(file);
    const key = await first.getOrCreateKey(id);
    await first.close();
    const second = new SqliteKeyStore(file);
    expect((await second.getKey(id))!.equals(key)).toBe(true);
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
