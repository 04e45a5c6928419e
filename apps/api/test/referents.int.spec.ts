import { randomUUID } from 'node:crypto';
import { createApiTestApp, type ApiTestApp } from './api-test-app';
import { bodyOf, type ErrorBody, idOf } from './typed-reads';

/* Issue 14, item 4: the same address is not appointed twice for places that overlap. */
describe('referent appointments over HTTP: one address, one referent per place', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await createApiTestApp();
  });
  afterAll(() => t.close());

  const appoint = (email: string, territories: object[]) =>
    t.http().post('/v1/referents').set('Authorization', t.asAdmin()).send({ displayName: 'Dominique Roux', email, territories });
  const referentEvents = async () => (await t.allEvents()).filter((e) => e.streamId.startsWith('referent-')).length;

  it('refuses (409, naming each territory) an overlapping appointment of the same address, appending nothing', async () => {
    const email = `dominique.${randomUUID().slice(0, 8)}@example.org`;
    const forcalquier = idOf(await appoint(email, [{ communeCode: '04088' }]).expect(201));
    const before = await referentEvents();

    // Its département, a circle around it, and the same commune: all overlap; Lyon does not.
    const res = await appoint(email.toUpperCase(), [
      { communeCode: '69123' },
      { departementCode: '04' },
      { communeCode: '04088', radiusKm: 5 },
    ]).expect(409);
    const body = bodyOf<ErrorBody>(res);
    expect(body.fields?.map((f) => f.field)).toEqual(['territories[1]', 'territories[2]']);
    expect(body.message[0]).toMatch(
      new RegExp(`^territories\\[1\\]: cette adresse est déjà référente \\(${forcalquier}\\).* / this address is already a referent`),
    );
    expect(await referentEvents()).toBe(before);

    // Elsewhere, the same address may be appointed again.
    idOf(await appoint(email, [{ communeCode: '69123' }]).expect(201));
    // Another address for the same place is no duplicate either.
    await appoint(`camille.${randomUUID().slice(0, 8)}@example.org`, [{ departementCode: '04' }]).expect(201);
  });

  it('a retired referent’s address may be appointed again for the same place', async () => {
    const email = `sacha.${randomUUID().slice(0, 8)}@example.org`;
    const first = idOf(await appoint(email, [{ departementCode: '13' }]).expect(201));
    await appoint(email, [{ communeCode: '13055' }]).expect(409);
    await t.http().post(`/v1/referents/${first}/retire`).set('Authorization', t.asAdmin()).expect(200);
    const second = idOf(await appoint(email, [{ communeCode: '13055' }]).expect(201));
    expect(second).not.toBe(first);
  });

  it('a change of territories may not overlap another active appointment of the same address', async () => {
    const email = `lina.${randomUUID().slice(0, 8)}@example.org`;
    await appoint(email, [{ departementCode: '05' }]).expect(201);
    const other = idOf(await appoint(email, [{ departementCode: '38' }]).expect(201));
    const before = await referentEvents();
    const change = (territories: object[]) =>
      t.http().put(`/v1/referents/${other}/territories`).set('Authorization', t.asAdmin()).send({ territories });
    const res = await change([{ departementCode: '38' }, { communeCode: '05061' }]).expect(409);
    expect(bodyOf<ErrorBody>(res).fields?.map((f) => f.field)).toEqual(['territories[1]']);
    expect(await referentEvents()).toBe(before);
    // Its own current places never count against it.
    await change([{ departementCode: '38' }, { communeCode: '38185' }]).expect(200);
  });
});
