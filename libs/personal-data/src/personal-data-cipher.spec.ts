import { randomUUID } from 'node:crypto';
import { PersonalDataCipher } from './personal-data-cipher';
import { SqliteKeyStore } from './sqlite/sqlite-key-store';

describe('PersonalDataCipher', () => {
  const keys = new SqliteKeyStore(':memory:');
  const cipher = new PersonalDataCipher(keys);
  afterAll(() => keys.close());

  it('round-trips a value and never shows it in clear', async () => {
    const id = randomUUID();
    const value = { displayName: 'Élise Fournier-Dupré', email: 'elise@example.org' };
    const sealed = await cipher.seal(id, value);
    expect(sealed).not.toContain('elise');
    expect(sealed).not.toContain('Fournier');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(await cipher.open(id, sealed)).toEqual(value);
  });

  it('uses a fresh IV each time', async () => {
    const id = randomUUID();
    expect(await cipher.seal(id, { a: 1 })).not.toEqual(await cipher.seal(id, { a: 1 }));
  });

  it("refuses a value sealed for someone else, even with that person's key", async () => {
    const alice = randomUUID();
    const bob = randomUUID();
    const sealed = await cipher.seal(alice, { email: 'alice@example.org' });
    await keys.getOrCreateKey(bob);
    await expect(cipher.open(bob, sealed)).rejects.toThrow();
  });

  it('detects tampering', async () => {
    const id = randomUUID();
    const sealed = await cipher.seal(id, { email: 'x@example.org' });
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[3], 'base64url');
    ct[0] ^= 1;
    parts[3] = ct.toString('base64url');
    await expect(cipher.open(id, parts.join('.'))).rejects.toThrow();
  });
});
