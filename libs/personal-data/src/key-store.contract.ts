import { randomBytes, randomUUID } from 'node:crypto';
import type { KeyStore } from './key-store.port';
import { PersonalDataCipher } from './personal-data-cipher';

/** The one contract every KeyStore adapter passes. */
export function keyStoreContract(name: string, factory: () => Promise<{ store: KeyStore; cleanup: () => Promise<void> }>) {
  describe(`KeyStore contract: ${name}`, () => {
    let store: KeyStore;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await factory());
    });
    afterAll(async () => {
      await cleanup();
    });

    it('creates a 256-bit key once and returns the same one afterwards', async () => {
      const id = randomUUID();
      expect(await store.getKey(id)).toBeNull();
      const key = await store.getOrCreateKey(id);
      expect(key).toHaveLength(32);
      expect((await store.getOrCreateKey(id)).equals(key)).toBe(true);
      expect((await store.getKey(id))!.equals(key)).toBe(true);
    });

    it('gives each subject its own key', async () => {
      const a = await store.getOrCreateKey(randomUUID());
      const b = await store.getOrCreateKey(randomUUID());
      expect(a.equals(b)).toBe(false);
    });

    it('keeps one key when created concurrently', async () => {
      const id = randomUUID();
      const keys = await Promise.all(Array.from({ length: 10 }, () => store.getOrCreateKey(id)));
      expect(new Set(keys.map((k) => k.toString('hex'))).size).toBe(1);
    });

    it('deletes a key for good, and sealed data can no longer be opened', async () => {
      const id = randomUUID();
      const cipher = new PersonalDataCipher(store);
      const sealed = await cipher.seal(id, { email: 'camille.martin@example.org' });
      expect(await cipher.open(id, sealed)).toEqual({ email: 'camille.martin@example.org' });
      expect(await store.deleteKey(id)).toBe(true);
      expect(await store.deleteKey(id)).toBe(false);
      expect(await store.getKey(id)).toBeNull();
      expect(await cipher.open(id, sealed)).toBeNull();
    });

    const hash = () => randomBytes(32).toString('hex');
    const sorted = (entries: readonly { subjectId: string; kind: string }[]) =>
      [...entries].sort((a, b) => a.subjectId.localeCompare(b.subjectId));

    it('finds every subject recorded under a lookup hash, each once, and nothing under another hash', async () => {
      const address = hash();
      const member = randomUUID();
      const referent = randomUUID();
      expect(await store.findLookup(address)).toEqual([]);
      await store.getOrCreateKey(member);
      await store.getOrCreateKey(referent);
      await store.addLookup(address, { subjectId: member, kind: 'member' });
      await store.addLookup(address, { subjectId: referent, kind: 'referent' });
      await store.addLookup(address, { subjectId: member, kind: 'member' }); // a retry
      expect(sorted(await store.findLookup(address))).toEqual(
        sorted([
          { subjectId: member, kind: 'member' },
          { subjectId: referent, kind: 'referent' },
        ]),
      );
      expect(await store.findLookup(hash())).toEqual([]);
    });

    it("deleting a key drops that subject's lookup entries, and only theirs", async () => {
      const address = hash();
      const erased = randomUUID();
      const kept = randomUUID();
      await store.getOrCreateKey(erased);
      await store.getOrCreateKey(kept);
      await store.addLookup(address, { subjectId: erased, kind: 'member' });
      await store.addLookup(address, { subjectId: kept, kind: 'member' });
      const otherAddress = hash();
      await store.addLookup(otherAddress, { subjectId: erased, kind: 'referent' });
      expect(await store.deleteKey(erased)).toBe(true);
      expect(await store.findLookup(address)).toEqual([{ subjectId: kept, kind: 'member' }]);
      expect(await store.findLookup(otherAddress)).toEqual([]);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
