/*
 * Who may call each route: the expectations of the authorization matrix. The matrix
 * (authorization.int.spec.ts) calls every route as every role and asserts these statuses;
 * openapi.int.spec.ts checks that the OpenAPI document states the same access. Neither reads
 * the access decorators here: this table is what the api is observed to do.
 */

export const ROLES = ['anonymous', 'member', 'otherMember', 'holder', 'referentElsewhere', 'referentHere', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type AccessRow = Readonly<{
  /** `METHOD /path`, as Nest registers the route. */
  route: string;
  /** When a route has several rows (different calls), what tells them apart. */
  variant?: string;
  /** The status each role gets from the matrix's call (a link route: called with a valid link, unless said otherwise). */
  expect: Record<Role, number>;
  /**
   * The route is authorised by the signed token of a link from an email (sign-in,
   * unsubscribe, introduction), which travels in the query or the body. Where anonymous
   * gets 401 in `expect`, the matrix calls it without the link and a session is the other way in.
   */
  signedLink?: 'query' | 'body';
}>;

/** Everyone gets `status`: the route is public (its own token, if any, decides). */
export const everyone = (status: number) => Object.fromEntries(ROLES.map((r) => [r, status])) as Record<Role, number>;
/** `allowed` get `status`; no session is a 401; any other session a 403. */
export const only = (allowed: Role[], status: number) =>
  Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? status : r === 'anonymous' ? 401 : 403])) as Record<Role, number>;

/** The key of a row: its route, and its variant if any. */
export const rowKey = (row: AccessRow): string => (row.variant ? `${row.route} (${row.variant})` : row.route);

export const MEMBER_FACETS = ['skills', 'interests', 'territories', 'availability', 'notifications'] as const;

export const ACCESS_TABLE: readonly AccessRow[] = [
  // Public: registration, reads of projects, ops, sign-in, links from emails.
  { route: 'GET /', expect: everyone(200) },
  { route: 'POST /v1/members', expect: everyone(202) },
  { route: 'GET /v1/projects', expect: everyone(200) },
  { route: 'GET /v1/projects/:id', expect: everyone(200) },
  { route: 'GET /v1/places', expect: everyone(200) },
  { route: 'GET /health', expect: everyone(200) },
  { route: 'GET /health/live', expect: everyone(200) },
  { route: 'GET /metrics', expect: everyone(200) },
  { route: 'GET /docs', expect: everyone(200) },
  { route: 'POST /v1/auth/link', expect: everyone(202) },
  { route: 'GET /v1/auth/sign-in', expect: everyone(200), signedLink: 'query' },
  { route: 'POST /v1/auth/token', expect: everyone(200), signedLink: 'body' },
  // The address and the emailed 6-digit code: the code is the credential (a wrong one is a 401 for everyone).
  { route: 'POST /v1/auth/code', expect: everyone(200) },
  { route: 'POST /v1/auth/refresh', expect: only(['member', 'otherMember', 'holder', 'referentElsewhere', 'referentHere', 'admin'], 200) },
  { route: 'POST /v1/auth/sign-out', expect: only(['member', 'otherMember', 'holder', 'referentElsewhere', 'referentHere', 'admin'], 204) },
  { route: 'GET /v1/members/confirm', expect: everyone(200), signedLink: 'query' },
  // The confirmation link's token, or the address and its emailed code: one of two credentials, neither required alone.
  { route: 'POST /v1/members/confirm', expect: everyone(200) },
  { route: 'POST /v1/members/confirm/resend', expect: everyone(202) },
  // "Change my email": the link's token, or the new address and its emailed code (like the confirmation).
  { route: 'POST /v1/members/email/confirm', expect: everyone(200) },
  { route: 'GET /v1/members/:id/unsubscribe', expect: everyone(200), signedLink: 'query' },
  { route: 'POST /v1/members/:id/unsubscribe', expect: everyone(200), signedLink: 'query' },
  { route: 'GET /v1/introductions/:id/respond', expect: everyone(200), signedLink: 'query' },

  // A member's own profile.
  ...MEMBER_FACETS.map((facet): AccessRow => ({ route: `PUT /v1/members/:id/${facet}`, expect: only(['member'], 200) })),
  { route: 'DELETE /v1/members/:id', expect: only(['member', 'admin'], 204) },
  { route: 'GET /v1/members/:id/recommendations', expect: only(['member', 'admin'], 200) },
  { route: 'POST /v1/members/:id/recommendations/:projectId/dismiss', expect: only(['member'], 204) },
  // My space: contact details and the data export are for the member only, admins included.
  { route: 'GET /v1/members/:id', expect: only(['member'], 200) },
  { route: 'GET /v1/members/:id/export', expect: only(['member'], 200) },
  { route: 'POST /v1/members/:id/email', expect: only(['member'], 202) },
  { route: 'GET /v1/members/:id/projects', variant: 'the holder’s', expect: only(['holder'], 200) },
  { route: 'GET /v1/members/:id/introductions', expect: only(['member'], 200) },

  // Projects: the holder's, admins may step in; partners also for the place's referents.
  { route: 'POST /v1/projects', expect: only(['holder'], 201) },
  { route: 'PATCH /v1/projects/:id', expect: only(['holder', 'admin'], 200) },
  { route: 'POST /v1/projects/:id/pause', expect: only(['holder', 'admin'], 200) },
  { route: 'POST /v1/projects/:id/resume', expect: only(['holder', 'admin'], 200) },
  { route: 'POST /v1/projects/:id/close', expect: only(['holder', 'admin'], 200) },
  { route: 'GET /v1/projects/:id/recommendations', expect: only(['holder', 'referentHere', 'admin'], 200) },
  { route: 'GET /v1/projects/:id/missing-partners', expect: only(['holder', 'referentHere', 'admin'], 200) },
  { route: 'GET /v1/projects/:id/introductions', expect: only(['holder', 'referentHere', 'admin'], 200) },

  // Referents: appointed and changed by admins; an inbox is its referent's.
  { route: 'POST /v1/referents', expect: only(['admin'], 201) },
  { route: 'PUT /v1/referents/:id/territories', expect: only(['admin'], 200) },
  { route: 'POST /v1/referents/:id/retire', expect: only(['admin'], 200) },
  { route: 'GET /v1/referents/:id/inbox', expect: only(['referentHere', 'admin'], 200) },
  { route: 'GET /v1/referents/admin/inbox', expect: only(['admin'], 200) },

  // Ops (also open to ADMIN_API_TOKEN, which is no role of the matrix: see admin.int.spec.ts).
  { route: 'GET /v1/admin/queues/failed', expect: only(['admin'], 200) },

  // Introductions: asked by the holder or the member, decided by the place's referent (or an admin),
  // answered by the side that did not ask, read by both sides, their referent and admins. The
  // actions also take the signed link of an email instead of a session (introductions.int.spec.ts).
  { route: 'POST /v1/introductions', variant: 'as holder', expect: only(['holder'], 201) },
  { route: 'POST /v1/introductions', variant: 'as member', expect: only(['member'], 201) },
  { route: 'GET /v1/introductions/:id', expect: only(['member', 'holder', 'referentHere', 'admin'], 200) },
  { route: 'POST /v1/introductions/:id/approve', expect: only(['referentHere', 'admin'], 200), signedLink: 'query' },
  { route: 'POST /v1/introductions/:id/decline', expect: only(['referentHere', 'admin'], 200), signedLink: 'query' },
  { route: 'POST /v1/introductions/:id/accept', expect: only(['member'], 200), signedLink: 'query' },
  { route: 'POST /v1/introductions/:id/refuse', expect: only(['member'], 200), signedLink: 'query' },
  // The decision page's data (a link or a session); withdrawing (the requester) and resending the
  // introduced email (either side once introduced) need a session.
  { route: 'GET /v1/introductions/:id/details', expect: only(['member', 'holder', 'referentHere', 'admin'], 200), signedLink: 'query' },
  { route: 'POST /v1/introductions/:id/withdraw', expect: only(['holder'], 200) },
  { route: 'POST /v1/introductions/:id/resend', expect: only(['member', 'holder'], 200) },
];

/**
 * Routes served outside Nest's controllers: `/docs` is Swagger UI's own express route (so
 * neither a registered route nor an operation of the document it serves).
 */
export const OUTSIDE_CONTROLLERS: readonly string[] = ['GET /docs'];
