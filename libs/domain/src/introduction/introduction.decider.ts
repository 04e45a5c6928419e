import type { Decider } from '../shared/decider';
import { assertRules, ForbiddenError, InvalidStateError, NotFoundError } from '../shared/errors';
import type { Sealed } from '../shared/places';
import { checkOneOf, checkText, checkUuid, compact, deepEqual, violation, type Violations } from '../shared/rules';
import type { EndIntroduction, IntroductionActor, IntroductionCommand, RequestIntroduction } from './introduction.commands';
import {
  ASSIGNMENT_LEVELS,
  type Assignment,
  type AssignmentLevel,
  END_REASONS,
  type EndReason,
  type IntroductionEvent,
  type Party,
  REQUESTERS,
  type RequestedBy,
  type ReviewedBy,
} from './introduction.events';

/** Limits of an introduction's free text; exported so forms and API docs can show the same ones. */
export const INTRODUCTION_RULES = {
  /** A referent's note on approval or decline. Plain text: it must not hold contact details. */
  note: { min: 0, max: 1000 },
  /** How long an introduced party waits between two resends of the "introduced" email (the first resend: at once). */
  resendIntroducedEmailMs: 3_600_000,
} as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How long each step may wait; configurable so end-to-end tests can run them in seconds. */
export type IntroductionDelays = Readonly<{
  /** From the current assignment (request or last escalation) to the referent's reminder. */
  remindReferentMs: number;
  /** From the current assignment to escalation to the enclosing territory. */
  escalateMs: number;
  /** From approval to the reminder of the party whose consent is awaited. */
  remindPartyMs: number;
  /** From approval, or from the request while unapproved, to expiry. */
  expireMs: number;
}>;

export const INTRODUCTION_DELAYS: IntroductionDelays = {
  remindReferentMs: 72 * HOUR_MS,
  escalateMs: 7 * DAY_MS,
  remindPartyMs: 14 * DAY_MS,
  expireMs: 30 * DAY_MS,
};

export const OPEN_INTRODUCTION_STATUSES = ['awaiting-referent', 'awaiting-consent'] as const;
/**
 * `ended`: its project closed or a party was erased before it completed (see `endReason`);
 * `withdrawn`: the requester took it back.
 */
export const FINAL_INTRODUCTION_STATUSES = ['introduced', 'declined', 'refused', 'expired', 'ended', 'withdrawn'] as const;
export type OpenIntroductionStatus = (typeof OPEN_INTRODUCTION_STATUSES)[number];
export type FinalIntroductionStatus = (typeof FINAL_INTRODUCTION_STATUSES)[number];
export type IntroductionStatus = OpenIntroductionStatus | FinalIntroductionStatus;

export const isFinalIntroductionStatus = (status: string): status is FinalIntroductionStatus =>
  (FINAL_INTRODUCTION_STATUSES as readonly string[]).includes(status);

export type ExistingIntroductionState = Readonly<{
  status: IntroductionStatus;
  introductionId: string;
  projectId: string;
  memberId: string;
  holderId: string;
  requestedBy: RequestedBy;
  requesterId: string;
  message?: Sealed;
  assignment: Assignment;
  /** Start of the current assignment: the referent's reminder and escalation count from it. */
  assignedAt: string;
  /** A reminder was sent for the current assignment. */
  referentReminded: boolean;
  /** The side that accepts or refuses once approved, and its id. */
  consentingParty: Party;
  consentingPartyId: string;
  requestedAt: string;
  approvedAt?: string;
  partyReminded: boolean;
  /** Set while the project is paused: nothing moves, no deadline runs. */
  heldSince?: string;
  /**
   * Time spent held, in total and as it stood at the current assignment and at approval:
   * each deadline is pushed back by the time held since the moment it counts from.
   */
  heldMs: number;
  heldMsAtAssignment: number;
  heldMsAtApproval: number;
  /** When a final status was reached. */
  endedAt?: string;
  /** Status `ended`: why. */
  endReason?: EndReason;
  /** Who approved or declined: a referent, or the admins when nobody covered the place. */
  reviewedBy?: ReviewedBy;
  /** Introduced: when each side last had the "introduced" email sent again, at their request. */
  contactResentAt?: Readonly<Partial<Record<Party, string>>>;
  /** Time of the last event applied. */
  updatedAt: string;
}>;

export type IntroductionState = Readonly<{ status: 'none' }> | ExistingIntroductionState;

export const initialIntroductionState = (): IntroductionState => ({ status: 'none' });

/**
 * An early delayed job: nothing is appended and the job may run again at `dueAt`. A 409
 * (it subclasses InvalidStateError): the command is valid, the introduction is not there yet.
 */
export class NotYetDueError extends InvalidStateError {
  constructor(
    readonly step: string,
    readonly dueAt: string,
  ) {
    super(`${step} : pas avant ${dueAt} / ${step}: not before ${dueAt}`);
    this.name = 'NotYetDueError';
  }
}

const rank = (level: AssignmentLevel): number => ASSIGNMENT_LEVELS.indexOf(level);
const plus = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

/**
 * The side that consents after approval: the one that did not ask. A matcher suggestion
 * was asked by nobody, but it stems from the needs the holder published, so it is the
 * member (who never expressed interest) whose consent is awaited.
 */
export const consentingPartyOf = (requestedBy: RequestedBy): Party => (requestedBy === 'member' ? 'holder' : 'member');

/**
 * When each pending delayed step falls due (ISO strings), for the scheduler to plan its
 * jobs with the same rules the decider enforces. Steps that can no longer happen are absent.
 */
export const introductionDeadlines = (
  state: IntroductionState,
  delays: IntroductionDelays = INTRODUCTION_DELAYS,
): Readonly<{ remindReferentAt?: string; escalateAt?: string; remindPartyAt?: string; expireAt?: string }> => {
  // A held introduction has no deadline: its timers are planned again when it resumes.
  if (state.status === 'none' || state.heldSince !== undefined) return {};
  if (state.status === 'awaiting-referent') {
    const sinceAssignment = state.heldMs - state.heldMsAtAssignment;
    return compact({
      remindReferentAt: state.referentReminded ? undefined : plus(state.assignedAt, delays.remindReferentMs + sinceAssignment),
      escalateAt: state.assignment.level === 'admin' ? undefined : plus(state.assignedAt, delays.escalateMs + sinceAssignment),
      expireAt: plus(state.requestedAt, delays.expireMs + state.heldMs),
    });
  }
  if (state.status === 'awaiting-consent' && state.approvedAt !== undefined) {
    const sinceApproval = state.heldMs - state.heldMsAtApproval;
    return compact({
      remindPartyAt: state.partyReminded ? undefined : plus(state.approvedAt, delays.remindPartyMs + sinceApproval),
      expireAt: plus(state.approvedAt, delays.expireMs + sinceApproval),
    });
  }
  return {};
};

const checkAssignment = (field: string, assignment: Assignment | undefined): Violations => {
  if (typeof assignment !== 'object' || assignment === null) {
    return [violation(field, 'affectation attendue', 'an assignment is expected')];
  }
  const level = checkOneOf(`${field}.level`, assignment.level, ASSIGNMENT_LEVELS);
  if (level) return [level];
  if (assignment.level === 'admin') {
    return assignment.referentId === 'admin'
      ? []
      : [violation(`${field}.referentId`, "'admin' attendu au niveau admin", "'admin' expected at admin level")];
  }
  const id = checkUuid(`${field}.referentId`, assignment.referentId);
  return id ? [id] : [];
};

const checkNote = (note: unknown): { note?: string; violations: Violations } => {
  if (note === undefined) return { violations: [] };
  const checked = checkText('note', note, INTRODUCTION_RULES.note);
  return { note: checked.text === '' ? undefined : checked.text, violations: checked.violations };
};

const forbidden = (fr: string, en: string): ForbiddenError => new ForbiddenError(`${fr} / ${en}`);

/** Checks the actor may request as `requestedBy`; returns the requester id to record. */
const requesterId = (data: RequestIntroduction['data']): string => {
  const { actor, requestedBy } = data;
  if (requestedBy === 'matcher') {
    if (actor?.kind === 'matcher') return 'matcher';
  } else if (actor?.kind === 'member') {
    const expected = requestedBy === 'holder' ? data.holderId : data.memberId;
    if (actor.id === expected) return actor.id;
  }
  const who = { holder: 'le porteur', member: 'le membre', matcher: 'le moteur de recommandation' }[requestedBy];
  throw forbidden(`seul ${who ?? '?'} peut faire cette demande`, `only the ${requestedBy} may make this request`);
};

const request = (command: RequestIntroduction, state: IntroductionState): IntroductionEvent[] => {
  const { data } = command;
  if (state.status !== 'none') {
    throw new InvalidStateError('Cette mise en relation existe déjà / This introduction already exists');
  }
  const message = data.message;
  assertRules([
    checkUuid('introductionId', data.introductionId),
    checkUuid('projectId', data.projectId),
    checkUuid('memberId', data.memberId),
    checkUuid('holderId', data.holderId),
    data.memberId === data.holderId &&
      violation('memberId', 'le porteur ne peut pas être mis en relation avec lui-même', 'the holder cannot be introduced to themselves'),
    checkOneOf('requestedBy', data.requestedBy, REQUESTERS),
    message !== undefined &&
      (typeof message !== 'string' || message === '') &&
      violation('message', 'message scellé attendu', 'a sealed message is expected'),
    message !== undefined &&
      data.requestedBy === 'matcher' &&
      violation('message', 'une suggestion du moteur ne porte pas de message', 'a matcher suggestion carries no message'),
    ...checkAssignment('assignment', data.assignment),
  ]);
  return [
    {
      type: 'IntroductionRequested',
      data: compact({
        introductionId: data.introductionId,
        projectId: data.projectId,
        memberId: data.memberId,
        holderId: data.holderId,
        requestedBy: data.requestedBy,
        requesterId: requesterId(data),
        message,
        assignment: data.assignment,
        requestedAt: command.metadata.now.toISOString(),
      }),
    },
  ];
};

/**
 * Who may approve or decline: any admin; the assigned referent; or a referent covering
 * the project's place at a broader level than the current assignment (the enclosing
 * territory may step in). A referent the introduction was escalated away from no longer may.
 */
const reviewer = (actor: IntroductionActor | undefined, assignment: Assignment): ReviewedBy => {
  if (actor?.kind === 'admin') return { kind: 'admin' };
  if (actor?.kind === 'referent') {
    if (assignment.level !== 'admin' && actor.id === assignment.referentId) {
      return { kind: 'referent', referentId: actor.id, level: assignment.level };
    }
    if (actor.coversProject && rank(actor.level) > rank(assignment.level)) {
      return { kind: 'referent', referentId: actor.id, level: actor.level };
    }
  }
  throw forbidden(
    'seul le référent affecté, un référent du territoire englobant ou un administrateur peut statuer',
    'only the assigned referent, a referent of an enclosing territory or an admin may decide',
  );
};

const consenting = (actor: IntroductionActor | undefined, state: ExistingIntroductionState): void => {
  if (actor?.kind === 'member' && actor.id === state.consentingPartyId) return;
  throw forbidden(
    state.consentingParty === 'member' ? 'seul le membre concerné peut répondre' : 'seul le porteur du projet peut répondre',
    `only the ${state.consentingParty === 'member' ? 'member' : "project's holder"} may answer`,
  );
};

const finalMessages: Record<FinalIntroductionStatus, string> = {
  introduced: 'Cette mise en relation est déjà faite / This introduction is already done',
  declined: 'Cette mise en relation a été déclinée / This introduction was declined',
  refused: 'Cette mise en relation a été refusée / This introduction was refused',
  expired: 'Cette mise en relation a expiré / This introduction has expired',
  ended: 'Cette mise en relation a pris fin / This introduction has ended',
  withdrawn: 'Cette demande a été retirée / This request was withdrawn',
};

/** The workflow's steps (decisions, answers, timed steps) wait while the project is paused. */
const notHeld = (state: ExistingIntroductionState): void => {
  if (state.heldSince !== undefined) {
    throw new InvalidStateError(
      'Le projet est en pause : cette mise en relation reprendra avec lui / ' +
        'The project is paused: this introduction will go on when it resumes',
    );
  }
};

const requireStatus = (state: ExistingIntroductionState, status: OpenIntroductionStatus): void => {
  if (isFinalIntroductionStatus(state.status)) throw new InvalidStateError(finalMessages[state.status]);
  notHeld(state);
  if (state.status !== status) {
    throw new InvalidStateError(
      status === 'awaiting-referent'
        ? "Cette mise en relation n'attend plus le référent / This introduction no longer awaits the referent"
        : "Cette mise en relation n'attend pas de réponse des parties / " + "This introduction does not await the parties' answer",
    );
  }
};

/** Only the requester may withdraw, at any open step (even while the project is paused). */
const withdraw = (actor: IntroductionActor | undefined, state: ExistingIntroductionState, at: string): IntroductionEvent[] => {
  if (isFinalIntroductionStatus(state.status)) throw new InvalidStateError(finalMessages[state.status]);
  if (state.requestedBy === 'matcher' || actor?.kind !== 'member' || actor.id !== state.requesterId) {
    throw forbidden('seule la personne qui a fait la demande peut la retirer', 'only the person who asked may withdraw the request');
  }
  const party: Party = state.requestedBy;
  return [
    {
      type: 'IntroductionWithdrawn',
      data: { introductionId: state.introductionId, party, partyId: actor.id, from: state.status, withdrawnAt: at },
    },
  ];
};

/**
 * Either introduced side may have the "introduced" email sent again to themself: at once the
 * first time (the first one may never have arrived), then once an hour at most.
 */
const resend = (actor: IntroductionActor | undefined, state: ExistingIntroductionState, now: Date): IntroductionEvent[] => {
  if (state.status !== 'introduced') {
    throw new InvalidStateError(
      isFinalIntroductionStatus(state.status)
        ? finalMessages[state.status]
        : "Cette mise en relation n'est pas encore faite / This introduction is not done yet",
    );
  }
  const party: Party | undefined =
    actor?.kind !== 'member' ? undefined : actor.id === state.holderId ? 'holder' : actor.id === state.memberId ? 'member' : undefined;
  if (party === undefined) {
    throw forbidden('seules les deux personnes mises en relation peuvent le demander', 'only the two people introduced may ask for it');
  }
  const last = state.contactResentAt?.[party];
  if (last !== undefined) due('ResendIntroducedEmail', plus(last, INTRODUCTION_RULES.resendIntroducedEmailMs), now);
  const partyId = party === 'holder' ? state.holderId : state.memberId;
  return [
    { type: 'IntroductionContactResent', data: { introductionId: state.introductionId, party, partyId, resentAt: now.toISOString() } },
  ];
};

const end = (data: EndIntroduction['data'], state: ExistingIntroductionState, at: string): IntroductionEvent[] => {
  if (isFinalIntroductionStatus(state.status)) return [];
  const erasedParty: Party | undefined =
    data.erasedPartyId === state.holderId ? 'holder' : data.erasedPartyId === state.memberId ? 'member' : undefined;
  assertRules([
    checkOneOf('reason', data.reason, END_REASONS),
    data.reason === 'party-erased' &&
      erasedParty === undefined &&
      violation('erasedPartyId', 'une des deux parties attendue', 'one of the two parties expected'),
  ]);
  return [
    {
      type: 'IntroductionEnded',
      data: compact({
        introductionId: state.introductionId,
        reason: data.reason,
        erasedParty: data.reason === 'party-erased' ? erasedParty : undefined,
        from: state.status,
        endedAt: at,
      }),
    },
  ];
};

const due = (step: string, dueAt: string | undefined, now: Date): void => {
  if (dueAt !== undefined && now.getTime() < Date.parse(dueAt)) throw new NotYetDueError(step, dueAt);
};

/**
 * Checks run in a fixed order: unknown stream (404), wrong or final status (409, so a
 * final introduction answers 409 to anyone), malformed input (422), then the actor (403),
 * then timing for delayed jobs (NotYetDueError, a 409).
 */
const makeDecide =
  (delays: IntroductionDelays) =>
  (command: IntroductionCommand, state: IntroductionState): IntroductionEvent[] => {
    if (command.type === 'RequestIntroduction') return request(command, state);
    if (state.status === 'none') throw new NotFoundError('introduction', command.data.introductionId);
    const { introductionId } = state;
    const { now } = command.metadata;
    const at = now.toISOString();
    const deadlines = introductionDeadlines(state, delays);
    switch (command.type) {
      case 'ApproveIntroduction':
      case 'DeclineIntroduction': {
        requireStatus(state, 'awaiting-referent');
        const note = checkNote(command.data.note);
        assertRules(note.violations);
        const by = reviewer(command.data.actor, state.assignment);
        return command.type === 'ApproveIntroduction'
          ? [{ type: 'IntroductionApproved', data: compact({ introductionId, by, note: note.note, approvedAt: at }) }]
          : [{ type: 'IntroductionDeclined', data: compact({ introductionId, by, note: note.note, declinedAt: at }) }];
      }
      case 'AcceptIntroduction':
      case 'RefuseIntroduction': {
        requireStatus(state, 'awaiting-consent');
        consenting(command.data.actor, state);
        const party = { introductionId, party: state.consentingParty, partyId: state.consentingPartyId };
        return command.type === 'AcceptIntroduction'
          ? [{ type: 'IntroductionAccepted', data: { ...party, acceptedAt: at } }]
          : [{ type: 'IntroductionRefused', data: { ...party, refusedAt: at } }];
      }
      case 'WithdrawIntroduction':
        return withdraw(command.data.actor, state, at);
      case 'ResendIntroducedEmail':
        return resend(command.data.actor, state, now);
      case 'RemindReferent': {
        requireStatus(state, 'awaiting-referent');
        // At most one reminder per assignment. A retried or duplicated job (queues deliver
        // at least once) is a success with nothing to do, so the worker acks it quietly
        // instead of failing and retrying; no event means no second email.
        if (state.referentReminded) return [];
        due('RemindReferent', deadlines.remindReferentAt, now);
        return [
          {
            type: 'IntroductionReminded',
            data: { introductionId, target: 'referent', assignment: state.assignment, remindedAt: at },
          },
        ];
      }
      case 'EscalateIntroduction': {
        requireStatus(state, 'awaiting-referent');
        const { to } = command.data;
        // Already escalated there: a retried job, nothing to do (same reasoning as reminders).
        if (deepEqual(to, state.assignment)) return [];
        if (state.assignment.level === 'admin') {
          throw new InvalidStateError("Déjà chez l'administrateur, rien au-dessus / Already with the admins, nothing above");
        }
        const violations = checkAssignment('to', to);
        if (violations.length === 0 && rank(to.level) <= rank(state.assignment.level)) {
          violations.push(violation('to.level', "plus large que l'affectation actuelle", 'broader than the current assignment'));
        }
        assertRules(violations);
        due('EscalateIntroduction', deadlines.escalateAt, now);
        const from = state.assignment;
        return [{ type: 'IntroductionEscalated', data: { introductionId, from, to, escalatedAt: at } }];
      }
      case 'RemindParty': {
        requireStatus(state, 'awaiting-consent');
        if (state.partyReminded) return []; // once only; see RemindReferent
        due('RemindParty', deadlines.remindPartyAt, now);
        const party = { party: state.consentingParty, partyId: state.consentingPartyId };
        return [{ type: 'IntroductionReminded', data: { introductionId, target: 'party', ...party, remindedAt: at } }];
      }
      case 'ExpireIntroduction': {
        if (isFinalIntroductionStatus(state.status)) throw new InvalidStateError(finalMessages[state.status]);
        notHeld(state);
        due('ExpireIntroduction', deadlines.expireAt, now);
        return [{ type: 'IntroductionExpired', data: { introductionId, from: state.status, expiredAt: at } }];
      }
      // Lifecycle cascades: replays and repeats decide nothing (see HoldIntroduction).
      case 'HoldIntroduction':
        if (isFinalIntroductionStatus(state.status) || state.heldSince !== undefined) return [];
        return [{ type: 'IntroductionHeld', data: { introductionId, heldAt: at } }];
      case 'ResumeIntroduction':
        if (isFinalIntroductionStatus(state.status) || state.heldSince === undefined) return [];
        return [{ type: 'IntroductionResumed', data: { introductionId, heldSince: state.heldSince, resumedAt: at } }];
      case 'EndIntroduction':
        return end(command.data, state, at);
    }
  };

const evolve = (state: IntroductionState, event: IntroductionEvent): IntroductionState => {
  if (event.type === 'IntroductionRequested') {
    const { requestedAt, ...request } = event.data;
    const consentingParty = consentingPartyOf(request.requestedBy);
    return {
      status: 'awaiting-referent',
      ...request,
      assignedAt: requestedAt,
      referentReminded: false,
      consentingParty,
      consentingPartyId: consentingParty === 'member' ? request.memberId : request.holderId,
      requestedAt,
      partyReminded: false,
      heldMs: 0,
      heldMsAtAssignment: 0,
      heldMsAtApproval: 0,
      updatedAt: requestedAt,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'IntroductionApproved':
      return {
        ...state,
        status: 'awaiting-consent',
        approvedAt: event.data.approvedAt,
        reviewedBy: event.data.by,
        heldMsAtApproval: state.heldMs,
        updatedAt: event.data.approvedAt,
      };
    case 'IntroductionDeclined':
      return { ...state, status: 'declined', reviewedBy: event.data.by, endedAt: event.data.declinedAt, updatedAt: event.data.declinedAt };
    case 'IntroductionAccepted':
      return { ...state, status: 'introduced', endedAt: event.data.acceptedAt, updatedAt: event.data.acceptedAt };
    case 'IntroductionRefused':
      return { ...state, status: 'refused', endedAt: event.data.refusedAt, updatedAt: event.data.refusedAt };
    case 'IntroductionReminded':
      return event.data.target === 'referent'
        ? { ...state, referentReminded: true, updatedAt: event.data.remindedAt }
        : { ...state, partyReminded: true, updatedAt: event.data.remindedAt };
    case 'IntroductionEscalated':
      return {
        ...state,
        assignment: event.data.to,
        assignedAt: event.data.escalatedAt,
        heldMsAtAssignment: state.heldMs,
        referentReminded: false,
        updatedAt: event.data.escalatedAt,
      };
    case 'IntroductionExpired':
      return { ...state, status: 'expired', endedAt: event.data.expiredAt, updatedAt: event.data.expiredAt };
    case 'IntroductionHeld':
      return { ...state, heldSince: event.data.heldAt, updatedAt: event.data.heldAt };
    case 'IntroductionResumed': {
      const { heldSince: _, ...rest } = state;
      const held = Math.max(0, Date.parse(event.data.resumedAt) - Date.parse(event.data.heldSince));
      return { ...rest, heldMs: state.heldMs + held, updatedAt: event.data.resumedAt };
    }
    case 'IntroductionEnded': {
      const { heldSince: _, ...rest } = state;
      return { ...rest, status: 'ended', endReason: event.data.reason, endedAt: event.data.endedAt, updatedAt: event.data.endedAt };
    }
    case 'IntroductionWithdrawn': {
      const { heldSince: _, ...rest } = state;
      return { ...rest, status: 'withdrawn', endedAt: event.data.withdrawnAt, updatedAt: event.data.withdrawnAt };
    }
    case 'IntroductionContactResent': {
      const { party, resentAt } = event.data;
      return { ...state, contactResentAt: { ...state.contactResentAt, [party]: resentAt }, updatedAt: resentAt };
    }
  }
};

/** The decider with the given delays (the api builds it from configuration). */
export const createIntroductionDecider = (
  delays: IntroductionDelays = INTRODUCTION_DELAYS,
): Decider<IntroductionState, IntroductionCommand, IntroductionEvent> => {
  for (const [name, ms] of Object.entries(delays)) {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`introduction delay ${name} must be a duration in ms ≥ 0`);
  }
  return { initialState: initialIntroductionState, evolve, decide: makeDecide(delays) };
};

/** The decider with the product's delays: 72 h, 7 days, 14 days, 30 days. */
export const introductionDecider = createIntroductionDecider();
