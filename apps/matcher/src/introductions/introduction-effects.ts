import {
  ASSIGNMENT_LEVELS,
  type Assignment,
  type AssignmentLevel,
  type ExistingIntroductionState,
  type IntroductionDelays,
  type IntroductionEvent,
  introductionDeadlines,
  introductionDecider,
  type IntroductionState,
} from '@trame/domain';
import {
  type IntroductionEmailJob,
  type IntroductionEmailStep,
  introductionFactId,
  type IntroductionRecipient,
  type IntroductionTimerJob,
  introductionTimerId,
  isIntroductionEventCurrent,
} from '@trame/messaging';

/** An introduction event as stored, with its revision in the stream. */
export type RevisionedIntroductionEvent = IntroductionEvent & Readonly<{ revision: number }>;

/** First names and titles from the read models ('' when unknown: the email then says less). */
export type IntroductionNames = Readonly<{
  projectTitles: ReadonlyMap<string, string>;
  /** Members (holders too) and referents by id. */
  firstNames: ReadonlyMap<string, string>;
}>;

/**
 * Outcome emails (introduced, declined, refused, expired) older than this are not planned
 * any more. They are the only steps the introduction never moves past, so currentness
 * cannot retire them: this is what keeps a rebuild over a Redis that lost its records (a
 * new server, a restored backup) from mailing every past outcome again. A week also
 * matches how long BullMQ keeps completed email jobs.
 */
export const OUTCOME_EMAIL_HORIZON_MS = 7 * 24 * 3_600_000;

export type IntroductionEffectsInput = Readonly<{
  /** The whole stream, in order. */
  stream: readonly RevisionedIntroductionEvent[];
  /** Effects of events up to this revision are already planned (-1: none). */
  reactedUpTo: number;
  /** Plan the emails of events up to this revision (the last one delivered to the matcher). */
  upTo: number;
  names: IntroductionNames;
  now: Date;
  delays: IntroductionDelays;
  outcomeEmailHorizonMs?: number;
}>;

export type IntroductionEffects = Readonly<{
  /** The introduction as of the end of its stream. */
  head: IntroductionState;
  /** Emails to queue (the caller still drops those already sent). */
  emails: IntroductionEmailJob[];
  /** Delayed jobs that must exist, from the head's deadlines. */
  timers: IntroductionTimerJob[];
  /** Ids of timer jobs that can no longer fall due (superseded or finished). */
  cancelTimers: string[];
}>;

const assignee = (assignment: Assignment): IntroductionRecipient =>
  assignment.level === 'admin' ? { kind: 'admin' } : { kind: 'referent', referentId: assignment.referentId };

const member = (memberId: string): IntroductionRecipient => ({ kind: 'member', memberId });

const stepTime = (event: IntroductionEvent): string => {
  switch (event.type) {
    case 'IntroductionRequested':
      return event.data.requestedAt;
    case 'IntroductionApproved':
      return event.data.approvedAt;
    case 'IntroductionDeclined':
      return event.data.declinedAt;
    case 'IntroductionAccepted':
      return event.data.acceptedAt;
    case 'IntroductionRefused':
      return event.data.refusedAt;
    case 'IntroductionReminded':
      return event.data.remindedAt;
    case 'IntroductionEscalated':
      return event.data.escalatedAt;
    case 'IntroductionExpired':
      return event.data.expiredAt;
    case 'IntroductionHeld':
      return event.data.heldAt;
    case 'IntroductionResumed':
      return event.data.resumedAt;
    case 'IntroductionEnded':
      return event.data.endedAt;
    case 'IntroductionWithdrawn':
      return event.data.withdrawnAt;
    case 'IntroductionContactResent':
      return event.data.resentAt;
  }
};

const OUTCOMES: ReadonlySet<IntroductionEvent['type']> = new Set([
  'IntroductionAccepted',
  'IntroductionDeclined',
  'IntroductionRefused',
  'IntroductionExpired',
  'IntroductionEnded',
  'IntroductionWithdrawn',
  'IntroductionContactResent',
]);

/**
 * The emails one event calls for, given the introduction right after it (`state`), whoever
 * reads it and whenever: who is told what, with which one-click action. Pure; whether the
 * step still stands is decided by the caller (see `decideIntroductionEffects`).
 *
 * A matcher suggestion has no requester: its decline, refusal or expiry tells nobody (the
 * member never asked and the holder never knew).
 */
export function decideIntroductionEmails(
  event: RevisionedIntroductionEvent,
  state: ExistingIntroductionState,
  names: IntroductionNames,
): IntroductionEmailJob[] {
  const first = (id: string) => names.firstNames.get(id) ?? '';
  const email = (
    step: IntroductionEmailStep,
    recipient: IntroductionRecipient,
    extra: Partial<IntroductionEmailJob> = {},
  ): IntroductionEmailJob => ({
    kind: 'introduction',
    step,
    factId: introductionFactId(state.introductionId, event.revision, step, recipient),
    introductionId: state.introductionId,
    revision: event.revision,
    projectId: state.projectId,
    projectTitle: names.projectTitles.get(state.projectId) ?? '',
    holderId: state.holderId,
    memberId: state.memberId,
    holderFirstName: first(state.holderId),
    memberFirstName: first(state.memberId),
    requestedBy: state.requestedBy,
    recipient,
    stepAt: stepTime(event),
    ...extra,
  });
  const toRequester = (step: IntroductionEmailStep) => (state.requestedBy === 'matcher' ? [] : [email(step, member(state.requesterId))]);

  switch (event.type) {
    case 'IntroductionRequested':
      return [email('requested', assignee(event.data.assignment), { actorId: event.data.assignment.referentId })];
    case 'IntroductionEscalated': {
      const { from, to } = event.data;
      const escalation = {
        fromLevel: from.level,
        toLevel: to.level,
        fromFirstName: from.level === 'admin' ? '' : first(from.referentId),
        toFirstName: to.level === 'admin' ? '' : first(to.referentId),
      };
      return [
        email('escalated-to', assignee(to), { actorId: to.referentId, escalation }),
        email('escalated-from', assignee(from), { escalation }),
      ];
    }
    case 'IntroductionReminded':
      return event.data.target === 'referent'
        ? [email('referent-reminder', assignee(event.data.assignment), { actorId: event.data.assignment.referentId })]
        : [email('party-reminder', member(event.data.partyId), { actorId: event.data.partyId })];
    case 'IntroductionApproved':
      return [email('approved', member(state.consentingPartyId), { actorId: state.consentingPartyId, reviewedBy: event.data.by.kind })];
    case 'IntroductionAccepted':
      return [email('introduced', member(state.holderId)), email('introduced', member(state.memberId))];
    case 'IntroductionDeclined':
      return state.requestedBy === 'matcher' ? [] : [email('declined', member(state.requesterId), { reviewedBy: event.data.by.kind })];
    case 'IntroductionRefused':
      return toRequester('refused');
    case 'IntroductionExpired':
      return toRequester('expired');
    case 'IntroductionEnded': {
      // Both parties when the project closed (a matcher suggestion too: the member was asked
      // once approved); only the one still there when the other was erased.
      const { reason, erasedParty, from } = event.data;
      // A matcher suggestion no referent approved yet was known to nobody: nobody to tell.
      if (state.requestedBy === 'matcher' && from === 'awaiting-referent') return [];
      const told = (['holder', 'member'] as const).filter((side) => side !== erasedParty);
      return told.map((side) => email('ended', member(side === 'holder' ? state.holderId : state.memberId), { endReason: reason }));
    }
    case 'IntroductionWithdrawn': {
      // Whoever was waiting on it: the referent still asked, or the party asked to consent.
      // The other side never heard of a request no referent approved yet.
      if (event.data.from === 'awaiting-referent') return [email('withdrawn', assignee(state.assignment))];
      return [email('withdrawn', member(state.consentingPartyId))];
    }
    case 'IntroductionContactResent':
      // The "introduced" email again, to the one who asked only; one fact per request (its revision).
      return [email('introduced', member(event.data.partyId))];
    case 'IntroductionHeld':
    case 'IntroductionResumed':
      return [];
  }
}

/** The delayed jobs the introduction needs now, from the decider's own deadlines. */
export function planIntroductionTimers(head: IntroductionState, delays: IntroductionDelays): IntroductionTimerJob[] {
  if (head.status === 'none') return [];
  const due = introductionDeadlines(head, delays);
  const { introductionId } = head;
  const level = head.assignment.level;
  const timers: IntroductionTimerJob[] = [];
  if (due.remindReferentAt) timers.push({ kind: 'remind-referent', introductionId, level, dueAt: due.remindReferentAt });
  if (due.escalateAt) timers.push({ kind: 'escalate', introductionId, level, dueAt: due.escalateAt });
  if (due.remindPartyAt) timers.push({ kind: 'remind-party', introductionId, dueAt: due.remindPartyAt });
  if (due.expireAt) timers.push({ kind: 'expire', introductionId, dueAt: due.expireAt });
  return timers;
}

/** Every timer id the introduction may have had: one per step and assignment level it went through. */
function possibleTimerIds(introductionId: string, stream: readonly RevisionedIntroductionEvent[]): string[] {
  const levels = new Set<AssignmentLevel>();
  for (const event of stream) {
    if (event.type === 'IntroductionRequested') levels.add(event.data.assignment.level);
    if (event.type === 'IntroductionEscalated') levels.add(event.data.to.level);
  }
  const ids: string[] = [];
  for (const level of ASSIGNMENT_LEVELS.filter((l) => levels.has(l))) {
    ids.push(introductionTimerId('remind-referent', introductionId, level));
    if (level !== 'admin') ids.push(introductionTimerId('escalate', introductionId, level));
  }
  ids.push(introductionTimerId('remind-party', introductionId), introductionTimerId('expire', introductionId));
  return ids;
}

/**
 * Everything the matcher does about one introduction whose events up to `upTo` it has
 * just been given: the emails of the events not reacted to yet whose step still stands
 * (the latest state decides: a request already answered, or an outcome older than the
 * horizon, is not mailed), and the timers of the latest state (none once final), with
 * those it superseded to cancel. Pure: time, names and records come in.
 */
export function decideIntroductionEffects(input: IntroductionEffectsInput): IntroductionEffects {
  const { stream, reactedUpTo, upTo, names, now, delays } = input;
  const horizon = input.outcomeEmailHorizonMs ?? OUTCOME_EMAIL_HORIZON_MS;
  const head = stream.reduce(introductionDecider.evolve, introductionDecider.initialState());
  if (head.status === 'none') return { head, emails: [], timers: [], cancelTimers: [] };

  const emails: IntroductionEmailJob[] = [];
  let state: IntroductionState = introductionDecider.initialState();
  for (const event of stream) {
    state = introductionDecider.evolve(state, event);
    if (event.revision <= reactedUpTo || event.revision > upTo || state.status === 'none') continue;
    if (!isIntroductionEventCurrent(event, head)) continue;
    if (OUTCOMES.has(event.type) && now.getTime() - Date.parse(stepTime(event)) > horizon) continue;
    emails.push(...decideIntroductionEmails(event, state, names));
  }

  const timers = planIntroductionTimers(head, delays);
  const planned = new Set(timers.map((t) => introductionTimerId(t.kind, t.introductionId, t.level)));
  const cancelTimers = possibleTimerIds(head.introductionId, stream).filter((id) => !planned.has(id));
  return { head, emails, timers, cancelTimers };
}
