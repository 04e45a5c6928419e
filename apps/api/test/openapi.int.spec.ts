import { randomUUID } from 'node:crypto';
import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  MediaTypeObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  RequestBodyObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { LinkSigner } from '@trame/mail';
import { MatcherModule } from '../../matcher/src/matcher.module';
import { createApiTestApp, type ApiTestApp, validProject } from './api-test-app';
import { ACCESS_TABLE, type AccessRow, OUTSIDE_CONTROLLERS } from './authorization-table';

/*
 * "OpenAPI that tells the truth": the document served at /docs/openapi.json is checked
 * against what the api is observed to do — the authorization matrix's table (who gets 401,
 * who gets in, which routes take a signed link), never the decorators that produce both —
 * and every request example it shows is sent to the api, which must accept it.
 */

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type Method = (typeof METHODS)[number];
type Operation = { route: string; method: Method; path: string; operation: OperationObject };
type Schema = SchemaObject | ReferenceObject;

/** Every operation of the document, keyed as the table keys routes: `METHOD /v1/things/:id`. */
function operationsOf(doc: OpenAPIObject): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ route: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, method, path, operation }] : [];
    }),
  );
}

const resolve = (doc: OpenAPIObject, schema: Schema): SchemaObject =>
  '$ref' in schema ? resolve(doc, doc.components!.schemas![schema.$ref.split('/').pop()!]) : schema;

/**
 * The example a reader is shown for a schema, composed as Swagger UI does: an `example`
 * where there is one (the schema's, then its properties'), else the first enum value, the
 * default, or a placeholder of the type.
 */
function exampleOf(doc: OpenAPIObject, ref: Schema): unknown {
  const schema = resolve(doc, ref);
  if (schema.example !== undefined) return schema.example;
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => exampleOf(doc, s) as object)) as unknown;
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return exampleOf(doc, alternatives[0]);
  if (schema.enum) return schema.enum[0] as unknown;
  if (schema.default !== undefined) return schema.default;
  if (schema.type === 'array') return [exampleOf(doc, schema.items!)];
  if (schema.type === 'object' || schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, s]) => [key, exampleOf(doc, s)]));
  }
  if (schema.type === 'number' || schema.type === 'integer') return schema.minimum ?? 0;
  if (schema.type === 'boolean') return true;
  const byFormat: Record<string, string> = {
    uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    email: 'user@example.com',
    'date-time': new Date().toISOString(),
    date: new Date().toISOString().slice(0, 10),
  };
  return byFormat[schema.format ?? ''] ?? 'string';
}

/** The examples of one request body's media type: its own (`example`, `examples`) and the one composed from its schema. */
function bodyExamples(doc: OpenAPIObject, media: MediaTypeObject): unknown[] {
  const all = [
    ...(media.example !== undefined ? [media.example as unknown] : []),
    ...Object.values(media.examples ?? {}).map((e) => ('value' in e ? (e.value as unknown) : undefined)),
    ...(media.schema ? [exampleOf(doc, media.schema)] : []),
  ].filter((e) => e !== undefined);
  return [...new Map(all.map((e) => [JSON.stringify(e), e])).values()];
}

describe('the OpenAPI document', () => {
  let t: ApiTestApp;
  let doc: OpenAPIObject;
  let operations: Operation[];

  beforeAll(async () => {
    // With the matcher: read routes answer from caught-up read models, not the 503 of a catch-up.
    t = await createApiTestApp({}, [MatcherModule]);
    doc = (await t.http().get('/docs/openapi.json').expect(200)).body as OpenAPIObject;
    operations = operationsOf(doc);
  });
  afterAll(() => t.close());

  const operation = (route: string): OperationObject => {
    const found = operations.find((o) => o.route === route);
    if (!found) throw new Error(`no operation ${route} in the document`);
    return found.operation;
  };

  /** The table's rows by route (POST /v1/introductions has two, one per side asking). */
  const ROUTES = [...new Set(ACCESS_TABLE.map((row) => row.route))].filter((route) => !OUTSIDE_CONTROLLERS.includes(route));
  const rowsOf = (route: string): AccessRow[] => ACCESS_TABLE.filter((row) => row.route === route);

  it('lists exactly the routes of the authorization table (but /docs, Swagger UI’s own route outside the controllers)', () => {
    const documented = [...new Set(operations.map((o) => o.route))].sort();
    expect(documented).toEqual([...ROUTES].sort());
    expect(documented.filter((route) => OUTSIDE_CONTROLLERS.includes(route))).toEqual([]);
  });

  it('has no default security requirement, and one bearer scheme that says what it takes', () => {
    expect(doc.security ?? []).toEqual([]);
    const schemes = doc.components?.securitySchemes ?? {};
    expect(Object.keys(schemes)).toEqual(['bearer']);
    const bearer = schemes.bearer as { type: string; scheme?: string; description?: string };
    expect([bearer.type, bearer.scheme]).toEqual(['http', 'bearer']);
    expect(bearer.description).toContain('ADMIN_API_TOKEN');
  });

  describe.each(ROUTES.map((route) => [route] as const))('%s', (route) => {
    it('states the access the authorization matrix observes', () => {
      const rows = rowsOf(route);
      const anonymousRefused = rows.map((row) => row.expect.anonymous === 401);
      const links = rows.map((row) => row.signedLink);
      expect(new Set(anonymousRefused).size).toBe(1); // the rows of one route agree
      expect(new Set(links).size).toBe(1);
      const op = operation(route);
      const link = links[0];

      if (!anonymousRefused[0]) {
        // Anyone gets in: no padlock.
        expect(op.security ?? []).toEqual([]);
      } else if (link) {
        // No session gets 401 here, but the signed link of an email is the other way in.
        expect(op.security).toEqual([{ bearer: [] }, {}]);
      } else {
        expect(op.security).toEqual([{ bearer: [] }]);
      }

      if (link) {
        expect(op.description).toMatch(/signed (link|token)/);
        if (link === 'query') {
          const token = (op.parameters as ParameterObject[] | undefined)?.find((p) => p.in === 'query' && p.name === 'token');
          expect({ documented: token !== undefined, required: token?.required, described: !!token?.description }).toEqual({
            documented: true,
            required: !anonymousRefused[0], // the only credential, unless a session may be used instead
            described: true,
          });
        } else {
          const body = resolve(doc, (op.requestBody as RequestBodyObject).content['application/json'].schema!);
          expect(body.required).toContain('token');
          expect(body.properties?.token).toBeDefined();
        }
      }
    });

    it('documents every status the matrix observes', () => {
      const statuses = [...new Set(rowsOf(route).flatMap((row) => Object.values(row.expect)))].map(String);
      expect(statuses.filter((status) => !(status in operation(route).responses))).toEqual([]);
    });

    it('describes the body of its success, and answers errors with the shared error body', () => {
      const responses = Object.entries(operation(route).responses) as [string, ResponseObject][];
      const successes = responses.filter(([status]) => status.startsWith('2'));
      expect(successes.length).toBeGreaterThan(0);
      for (const [status, response] of successes) {
        if (status === '204') continue;
        const described = Object.values(response.content ?? {}).some((m) => m.schema !== undefined);
        expect({ status, described }).toEqual({ status, described: true });
      }
      for (const [status, response] of responses.filter(([s]) => Number(s) >= 400)) {
        expect({ status, content: Object.keys(response.content ?? {}).length > 0 }).toEqual({ status, content: true });
        const json = response.content?.['application/json'];
        if (json) expect({ status, schema: json.schema }).toEqual({ status, schema: { $ref: '#/components/schemas/ErrorBody' } });
      }
    });
  });

  describe('examples', () => {
    /** Fields that refer to other records: a fixed example id can only point at nothing. */
    const REFERENCES = ['holderId', 'projectId', 'memberId'];
    let ids: Record<string, string>;
    let session: string;

    beforeAll(async () => {
      const id = (res: { body: unknown }) => (res.body as { id: string }).id;
      const memberId = await t.registerMember();
      const otherId = await t.registerMember({ displayName: 'Omar Benali' });
      const projectId = id(
        await t.http().post('/v1/projects').set('Authorization', t.asMember(memberId)).send(validProject(memberId)).expect(201),
      );
      const referentId = id(
        await t
          .http()
          .post('/v1/referents')
          .set('Authorization', t.asAdmin())
          .send({
            displayName: 'Dominique Roux',
            email: `d.${randomUUID().slice(0, 8)}@example.org`,
            territories: [{ communeCode: '04088' }],
          })
          .expect(201),
      );
      const introductionId = id(
        await t
          .http()
          .post('/v1/introductions')
          .set('Authorization', t.asMember(memberId))
          .send({ projectId, memberId: otherId, requestedBy: 'holder' })
          .expect(201),
      );
      ids = { members: memberId, projects: projectId, referents: referentId, introductions: introductionId };
      // One session that may do everything the examples ask: the member, their project's holder, an admin.
      session = t.bearer({ memberIds: [memberId], referentIds: [referentId], admin: true });
    });

    /** The operation's path with the records made above, and the link token a link route needs. */
    const urlOf = (o: Operation, query: Record<string, unknown> = {}) => {
      const path = o.path.replace(/^\/v1\/(\w+)\/\{id\}/, (_, kind: string) => `/v1/${kind}/${ids[kind]}`);
      const params = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
      if (o.route.endsWith('/unsubscribe')) params.set('token', t.app.get(LinkSigner).unsubscribeToken(ids.members));
      return params.size > 0 ? `${path}?${params.toString()}` : path;
    };

    /** A refusal of the example itself: a 400, a 5xx, or a 422 about anything but a reference to another record. */
    const refusal = (status: number, body: unknown) => {
      if (status === 400 || status >= 500) return true;
      if (status !== 422) return false;
      const fields = (body as { fields?: { field: string }[] }).fields ?? [];
      return fields.length === 0 || fields.some((f) => !REFERENCES.includes(f.field));
    };

    it('every request-body example of the document is accepted by the api (no 400)', async () => {
      const sent: { route: string; type: string; example: unknown; status: number; body: unknown }[] = [];
      for (const o of operations) {
        const body = o.operation.requestBody as RequestBodyObject | undefined;
        for (const [type, media] of Object.entries(body?.content ?? {})) {
          for (const example of bodyExamples(doc, media)) {
            const req = t.http()[o.method](urlOf(o)).set('Authorization', session);
            const res = await (type === 'application/x-www-form-urlencoded'
              ? req.type('form').send(example as object)
              : req.send(example as object));
            sent.push({ route: o.route, type, example, status: res.status, body: res.body as unknown });
          }
        }
      }
      // Every operation with a body was tried.
      const withBody = operations.filter((o) => o.operation.requestBody).map((o) => o.route);
      expect([...new Set(sent.map((s) => s.route))]).toEqual(withBody);
      expect(withBody.length).toBeGreaterThan(10);
      expect(sent.filter((s) => refusal(s.status, s.body))).toEqual([]);
    });

    it('every query example of the document is accepted by the api (no 400)', async () => {
      const tried: { route: string; query: Record<string, unknown>; status: number; body: unknown }[] = [];
      for (const o of operations.filter((op) => op.method === 'get')) {
        const params = ((o.operation.parameters ?? []) as ParameterObject[]).filter((p) => p.in === 'query');
        const query = Object.fromEntries(
          params.flatMap((p) => {
            const example = (p.example ?? (p.schema && !('$ref' in p.schema) ? p.schema.example : undefined)) as unknown;
            return example === undefined ? [] : [[p.name, example]];
          }),
        );
        if (Object.keys(query).length === 0) continue;
        const res = await t.http().get(urlOf(o, query)).set('Authorization', session);
        tried.push({ route: o.route, query, status: res.status, body: res.body as unknown });
      }
      expect(tried.map((q) => q.route)).toEqual(expect.arrayContaining(['GET /v1/projects', 'GET /v1/admin/queues/failed']));
      expect(tried.filter((q) => refusal(q.status, q.body))).toEqual([]);
    });
  });
});
