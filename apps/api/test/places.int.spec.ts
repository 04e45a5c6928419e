import { expect } from '@jest/globals';
import { createApiTestApp, type ApiTestApp } from './api-test-app';
import { bodyOf, type ErrorBody } from './typed-reads';
import type { PlaceListDto } from '../src/places/place-suggestion.dto';

describe('GET /v1/places: place suggestions over the offline territories', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp();
  });
  afterAll(() => t.close());

  const places = async (query: Record<string, string | number>) =>
    bodyOf<PlaceListDto>(await t.http().get('/v1/places').query(query).expect(200)).items;

  it('finds a commune by its name, written any way, without a session', async () => {
    for (const q of ['forcalquier', 'FORCALQUIER', 'Forcalq']) {
      expect((await places({ q }))[0]).toEqual({
        code: 'commune:04088',
        kind: 'commune',
        label: 'Forcalquier',
        postcodes: ['04300'],
        departement: { code: '04', name: 'Alpes-de-Haute-Provence' },
        lat: 43.95817,
        lon: 5.78417,
      });
    }
    expect((await places({ q: 'isle sur la sorgue' }))[0].label).toBe("L'Isle-sur-la-Sorgue");
    expect((await places({ q: "L'Isle-sur-la-Sorgue" }))[0].code).toBe('commune:84054');
  });

  it('answers a postcode, a département and a région', async () => {
    const shared = await places({ q: '04300' });
    expect(shared.map((p) => p.label)).toContain('Forcalquier');
    expect(shared.every((p) => p.kind === 'commune' && p.postcodes?.includes('04300'))).toBe(true);
    expect((await places({ q: '04' }))[0]).toMatchObject({ code: 'departement:04', kind: 'departement' });
    expect((await places({ q: 'Alpes-de-Haute-Provence' }))[0].code).toBe('departement:04');
    expect((await places({ q: '2A' }))[0].code).toBe('departement:2A');
    expect((await places({ q: 'occitanie' }))[0]).toMatchObject({ code: 'region:76', kind: 'region' });
  });

  it('answers 10 places by default, `limit` up to 20, and an empty list when nothing matches', async () => {
    expect(await places({ q: 'sa' })).toHaveLength(10);
    expect(await places({ q: 'sa', limit: 20 })).toHaveLength(20);
    expect(await places({ q: 'sa', limit: 1 })).toHaveLength(1);
    expect(await places({ q: 'xqzwv' })).toEqual([]);
  });

  it.each([
    ['no q', {}, 'q'],
    ['a blank q', { q: '   ' }, 'q'],
    ['a q of 81 characters', { q: 'a'.repeat(81) }, 'q'],
    ['q given twice', { q: ['a', 'b'] }, 'q'],
    ['a limit of 0', { q: 'forcalquier', limit: 0 }, 'limit'],
    ['a limit of 21', { q: 'forcalquier', limit: 21 }, 'limit'],
    ['a limit that is not an integer', { q: 'forcalquier', limit: '2.5' }, 'limit'],
    ['a limit in hex', { q: 'forcalquier', limit: '0x10' }, 'limit'],
    ['an unknown parameter', { q: 'forcalquier', near: '04' }, 'near'],
  ])('refuses %s with a 400 naming the field', async (_name, query, field) => {
    const res = await t.http().get('/v1/places').query(query).expect(400);
    const body = bodyOf<ErrorBody>(res);
    expect(body.fields?.map((f) => f.field)).toEqual([field]);
    expect(body.message.join('\n')).toMatch(/ \/ /);
  });

  it('refuses control characters in q like any other text', async () => {
    const res = await t.http().get('/v1/places').query({ q: 'forc\u0000alquier' }).expect(400);
    expect(bodyOf<ErrorBody>(res).fields?.map((f) => f.field)).toEqual(['q']);
  });

  it('answers in well under a millisecond of work per request (p50 over varied queries)', async () => {
    const queries = ['forcalquier', 'saint', 'isle sur la sorgue', '04300', '04', 'paris', 'marseille', 'bre', 'occitanie', 'st et'];
    const times: number[] = [];
    for (let round = 0; round < 10; round++) {
      for (const q of queries) {
        const start = process.hrtime.bigint();
        await t.http().get('/v1/places').query({ q }).expect(200);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length / 2)];
    process.stdout.write(`GET /v1/places over HTTP (supertest, in process): p50 ${p50.toFixed(2)} ms over ${times.length} requests\n`);
    // The whole HTTP round trip in process; a scan of 36k names per request would take longer than this alone.
    expect(p50).toBeLessThan(25);
  });
});
