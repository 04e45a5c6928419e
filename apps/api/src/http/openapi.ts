import { applyDecorators, type INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  DocumentBuilder,
  getSchemaPath,
  type OpenAPIObject,
  SwaggerModule,
} from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
  SecurityRequirementObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ACCESS_METADATA, type AccessLevel, SIGNED_LINK_METADATA, type SignedLinkSpec } from '../auth/principal';
import { RATE_LIMITS_METADATA, type RateLimitName } from '../auth/rate-limits';
import { STATUS_TEXT } from './error.filter';
import { NOT_IDEMPOTENT } from './idempotency';

/*
 * The OpenAPI document (`/docs`, `/docs/openapi.json`). Controllers declare what is theirs:
 * success bodies (DTO classes), the errors their own code raises (`ApiErrors`). What follows
 * from cross-cutting rules is derived here, from the same metadata the guard, the
 * interceptor and the throttler read, so the document cannot drift from them: each
 * operation's security and access note (from `@Public()`/`@SignedIn()`/… and `@SignedLink`),
 * the 401/403 of its access level, the 400/413 of a body or an `:id`, the `Idempotency-Key`
 * header with its 400/409/422, and the 429 of a rate limit (both with the 503 of Redis away).
 */

export const BEARER_SCHEME = 'bearer';

class FieldErrorDto {
  @ApiProperty({ example: 'territories[0]' })
  field: string;

  @ApiProperty({ type: [String], example: ['doit avoir l’une de ces formes : … / must have one of these forms: …'] })
  messages: string[];
}

/** Every error the api answers, whatever the route (see ErrorFilter and DESIGN.md). */
@ApiSchema({ name: 'ErrorBody' })
export class ErrorBodyDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'Bad Request', description: 'the status text' })
  error: string;

  @ApiProperty({
    type: [String],
    description: 'each problem on its own line, in French then English ("texte / text"); fields first when a field is at fault',
    example: ['territories[0]: doit avoir l’une de ces formes : … / must have one of these forms: …'],
  })
  message: string[];

  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description: '400 from validation and 422 from a rule: every field at fault, with its messages',
  })
  fields?: FieldErrorDto[];

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description:
      '400 of `GET /v1/projects?near=` a postcode shared by several communes: the communes to choose from (as `GET /v1/places` gives them)',
  })
  candidates?: object[];
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

const errorContent = () => ({ 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyDto) } } });
const htmlContent = () => ({ 'text/html': { schema: { type: 'string', description: 'an HTML page saying it in French and English' } } });

/**
 * The errors a route's own code can answer, with why: `{ 404: 'unknown project', … }`.
 * `html: true` when a browser (Accept: text/html) gets a page instead of the JSON body.
 */
export const ApiErrors = (reasons: Partial<Record<ErrorStatus, string>>, options: { html?: boolean } = {}) =>
  applyDecorators(
    ...Object.entries(reasons).map(([status, reason]) =>
      ApiResponse({
        status: Number(status),
        description: `${STATUS_TEXT[Number(status)]}: ${reason}`,
        content: { ...errorContent(), ...(options.html ? htmlContent() : {}) },
      }),
    ),
  );

/** A response that is an HTML page (pages opened from emails). */
export const ApiHtmlResponse = (status: number, description: string) => ApiResponse({ status, description, content: htmlContent() });

/** A success that is `type` as JSON, or a page for a browser (Accept: text/html, e.g. a form posted from a page). */
export const ApiJsonOrHtmlResponse = (status: number, type: new () => unknown, description: string) =>
  applyDecorators(
    ApiExtraModels(type),
    ApiResponse({ status, description, content: { 'application/json': { schema: { $ref: getSchemaPath(type) } }, ...htmlContent() } }),
  );

const SCHEMA_EXAMPLES = new Map<{ name: string }, unknown>();

/**
 * A whole example for a DTO's schema, where examples of its properties taken together would
 * not make one the api accepts (a place has one of several forms, not every field at once).
 */
export const ApiSchemaExample =
  (example: unknown): ClassDecorator =>
  (target) => {
    SCHEMA_EXAMPLES.set(target, example);
  };

/** The OpenAPI document of the api, as served at `/docs/openapi.json`. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Trame API')
      .setDescription(
        'Mise en relation de porteurs de projets écologiques collectifs et de personnes prêtes à les rejoindre. / ' +
          'Matchmaking between collective ecological projects and the people who could join them.\n\n' +
          'Access is stated on every operation: public ones carry no security requirement; the others need ' +
          '`Authorization: Bearer <session token>` (from `POST /v1/auth/token`). Links from emails carry their own ' +
          'signed token. Errors are always `ErrorBody`.',
      )
      .setVersion('1')
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A session token from `POST /v1/auth/token` (sign-in by emailed link). On the ops routes (failed jobs), ' +
            '`ADMIN_API_TOKEN` is accepted as well; it opens nothing else.',
        },
        BEARER_SCHEME,
      )
      .build(),
    { extraModels: [ErrorBodyDto] },
  );
  for (const [type, example] of SCHEMA_EXAMPLES) {
    const schema = document.components?.schemas?.[type.name];
    if (schema && !('$ref' in schema)) schema.example = example;
  }
  deriveFromMetadata(app, document);
  return document;
}

type Handler = { type: object; handler: () => void; method: RequestMethod };

/** Each operation's handler, by the operation id Swagger gives it (`Controller_method`). */
function handlersByOperationId(app: INestApplication): Map<string, Handler> {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const out = new Map<string, Handler>();
  for (const wrapper of discovery.getControllers()) {
    const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
    if (!type?.prototype) continue;
    for (const name of scanner.getAllMethodNames(type.prototype as object)) {
      const handler = (type.prototype as Record<string, unknown>)[name] as () => void;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method !== undefined) out.set(`${type.name}_${name}`, { type, handler, method });
    }
  }
  return out;
}

const ACCESS_NOTES: Record<AccessLevel | 'undeclared', string> = {
  public: 'Public: no session needed.',
  'signed-in': 'Signed in: a session (`Authorization: Bearer <session token>`); 401 without one. Who exactly is said above.',
  admin: 'Admins only: a session of an `ADMIN_EMAILS` address; 401 without a session, 403 with another.',
  'admin-or-ops':
    'Ops: an admin session, or `Authorization: Bearer <ADMIN_API_TOKEN>` (the ops token for scripts and monitoring, ' +
    'which opens these ops routes only); 401 without either, 403 with a session that is not an admin’s.',
  undeclared: 'No access declared: 401 to everyone (deny by default).',
};

/**
 * Adds `reason` to a response, creating it (with the error body) if the route did not
 * declare it; `ifAbsent`: only if the route did not (it said it its own way).
 */
function addError(operation: OperationObject, status: ErrorStatus, reason: string, options: { ifAbsent?: boolean } = {}): void {
  const existing = operation.responses[status] as ResponseObject | undefined;
  if (existing) {
    if (!options.ifAbsent) existing.description = `${existing.description}; ${reason}`;
    return;
  }
  operation.responses[status] = { description: `${STATUS_TEXT[status]}: ${reason}`, content: errorContent() };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The fail-fast answer of RedisAvailabilityGuard. */
const REDIS_AWAY = 'Redis is away (with an `Idempotency-Key`, or a rate limit): retry after `Retry-After`';

/** Security, access notes and cross-cutting errors of every operation, from the metadata the guard, interceptor and throttler read. */
function deriveFromMetadata(app: INestApplication, document: OpenAPIObject): void {
  const handlers = handlersByOperationId(app);
  const reflector = app.get(Reflector);
  delete document.security; // no default: every operation states its own
  for (const [path, item] of Object.entries(document.paths)) {
    for (const verb of METHODS) {
      const operation = item[verb];
      if (!operation) continue;
      const found = handlers.get(operation.operationId ?? '');
      if (!found) throw new Error(`OpenAPI: no handler for ${verb.toUpperCase()} ${path} (${operation.operationId})`);
      const targets = [found.handler, found.type as () => void];
      const access = reflector.getAllAndOverride<AccessLevel | undefined>(ACCESS_METADATA, targets);
      const link = reflector.getAllAndOverride<SignedLinkSpec | undefined>(SIGNED_LINK_METADATA, targets);
      const notes: string[] = [];

      // Security and access.
      if (access === 'public') {
        if (link?.orSession) {
          operation.security = [{ [BEARER_SCHEME]: [] }, {}] satisfies SecurityRequirementObject[];
          notes.push(
            `A session, or the signed link of ${link.link} (${linkParams(link)}), which then acts alone (the session is not used). ` +
              'With neither, 401; with an invalid link, 403.',
          );
          addError(operation, 401, 'neither a session nor a signed link', { ifAbsent: true });
          addError(operation, 403, 'the signed link is not valid', { ifAbsent: true });
        } else if (link) {
          operation.security = [];
          notes.push(`Public, authorised by the signed token of ${link.link} (${linkParams(link)}): no session needed.`);
        } else {
          operation.security = [];
          notes.push(ACCESS_NOTES.public);
        }
      } else {
        operation.security = [{ [BEARER_SCHEME]: [] }];
        notes.push(ACCESS_NOTES[access ?? 'undeclared']);
        addError(operation, 401, access ? 'no valid session (missing, malformed or expired token)' : 'no access declared for this route');
        if (access === 'admin' || access === 'admin-or-ops') addError(operation, 403, 'a session that is not an admin’s');
      }

      // Input: an `:id` is a UUID; a body is validated and bounded.
      const parameters = (operation.parameters ?? []) as ParameterObject[];
      if (parameters.some((p) => p.in === 'path')) {
        addError(operation, 400, '`id` is not a UUID');
        for (const p of parameters.filter((q) => q.in === 'path')) p.schema = { type: 'string', format: 'uuid' };
      }
      if (operation.requestBody) {
        addError(operation, 400, 'the body is not valid (invalid JSON, or `fields` lists each field at fault)');
        addError(operation, 413, 'the body is larger than 100 kB');
        // A body of optional fields only may be left out (Nest then validates `{}`).
        if (
          !('$ref' in operation.requestBody) &&
          Object.values(operation.requestBody.content).every((m) => !requiresFields(document, m.schema))
        ) {
          operation.requestBody.required = false;
        }
      }

      // Idempotency-Key, on every write the interceptor handles.
      if (found.method !== RequestMethod.GET && !reflector.getAllAndOverride<boolean>(NOT_IDEMPOTENT, targets)) {
        parameters.push({
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes a retry safe: the first answer is kept and replayed (header `Idempotent-Replayed: true`) for the same key ' +
            'and body from the same caller.',
          schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
        });
        operation.parameters = parameters;
        addError(operation, 400, '`Idempotency-Key` is not 1 to 255 visible ASCII characters');
        addError(operation, 409, '`Idempotency-Key`: the same request is still in progress');
        addError(operation, 422, '`Idempotency-Key` already used with a different request');
        addError(operation, 503, REDIS_AWAY);
      }

      // Rate limits.
      const limits = (Reflect.getMetadata(RATE_LIMITS_METADATA, found.handler) as RateLimitName[] | undefined) ?? [];
      if (limits.length > 0) {
        addError(operation, 429, `too many requests (limits: ${limits.join(', ')}), retry later`);
        addError(operation, 503, REDIS_AWAY, { ifAbsent: true });
      }

      operation.description = [`**Access.** ${notes.join(' ')}`, operation.description].filter(Boolean).join('\n\n');
    }
  }
}

/** Whether a body schema (maybe a `$ref` to a component) has required fields. */
function requiresFields(document: OpenAPIObject, schema: SchemaObject | ReferenceObject | undefined): boolean {
  const resolved = schema && '$ref' in schema ? document.components?.schemas?.[schema.$ref.split('/').pop() ?? ''] : schema;
  return !!resolved && !('$ref' in resolved) && (resolved.required?.length ?? 0) > 0;
}

const linkParams = (link: SignedLinkSpec) => `${link.params.map((p) => `\`${p}\``).join(' and ')} in the ${link.in}`;
