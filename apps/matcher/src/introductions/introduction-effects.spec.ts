import { randomUUID } from 'node:crypto';
import { type Assignment, INTRODUCTION_DELAYS, type IntroductionEvent, type RequestedBy } from '@trame/domain';
import type { ReferentAssignment } from '@trame/matching';
import {
  decideIntroductionEffects,
  type IntroductionNames,
  OUTCOME_EMAIL_HORIZON_MS,
  type RevisionedIntroductionEvent,
} from './introduction-effects';
import { escalationTarget } from './introduction-escalation';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms).toISOString();

const ids = {
  introduction: randomUUID(),
  project: randomUUID(),
  holder: randomUUID(),
  member: randomUUID(),
  commune: randomUUID(),
  departement: randomUUID(),
};
const communeRef: Assignment = { referentId: ids.commune, level: 'commune' };
const departementRef: Assignment = { referentId: ids.departement, level: 'departement' };
const names: IntroductionNames = {
  projectTitles: new Map([[ids.project, 'Ferme maraîchère coopérative']]),
  firstNames: new Map([
    [ids.holder, 'Camille'],
    [ids.member, 'Léa'],
    [ids.commune, 'Dominique'],
    [ids.departement, 'Sacha'],
  ]),
};

const introductionId = ids.introduction;
const requested = (requestedBy: RequestedBy = 'holder', assignment: Assignment = communeRef): IntroductionEvent => ({
  type: 'IntroductionRequested',
  data: {
    introductionId,
    projectId: ids.project,
    memberId: ids.member,
    holderId: ids.holder,
    requestedBy,
    requesterId: requestedBy === 'holder' ? ids.holder : requestedBy === 'member' ? ids.member : 'matcher',
    ...(requestedBy === 'matcher' ? {} : { message: 'v1.sealed.message.x' }),
    assignment,
    requestedAt: at(0),
  },
});
const approved = (ms = HOUR): IntroductionEvent => ({
  type: 'IntroductionApproved',
  data: {
    introductionId,
    by: { kind: 'referent', referentId: ids.commune, level: 'commune' },
    note: 'Belle rencontre',
    approvedAt: at(ms),
  },
});
const escalated = (ms = 7 * DAY): IntroductionEvent => ({
  type: 'IntroductionEscalated',
  data: { introductionId, from: communeRef, to: departementRef, escalatedAt: at(ms) },
});
const accepted = (ms = 2 * HOUR): IntroductionEvent => ({
  type: 'IntroductionAccepted',
  data: { introductionId, party: 'member', partyId: ids.member, acceptedAt: at(ms) },
});
const declined = (ms = HOUR): IntroductionEvent => ({
  type: 'IntroductionDeclined',
  data: { introductionId, by: { kind: 'referent', referentId: ids.commune, level: 'commune' }, declinedAt: at(ms) },
});

const stream = (...events: IntroductionEvent[]): RevisionedIntroductionEvent[] => events.map((e, revision) => ({ ...e, revision }));

const effects = (events: RevisionedIntroductionEvent[], options: { reactedUpTo?: number; upTo?: number; now?: number } = {}) =>
  decideIntroductionEffects({
    stream: events,
    reactedUpTo: options.reactedUpTo ?? -1,
    upTo: options.upTo ?? events.length - 1,
    names,
    now: new Date(t0.getTime() + (options.now ?? events.length * HOUR)),
    delays: INTRODUCTION_DELAYS,
  });

const timerIds = (e: ReturnType<typeof effects>) => e.timers.map((t) => `${t.kind}.${t.level ?? '-'}@${t.dueAt}`);
const strip = (id: string) => id.replace(`${introductionId}.`, '');

describe('decideIntroductionEffects', () => {
  it('a withdrawal tells whoever was waiting on it, once, and cancels every timer', () => {
    const withdrawn = (from: 'awaiting-referent' | 'awaiting-consent', party: 'holder' | 'member' = 'holder'): IntroductionEvent => ({
      type: 'IntroductionWithdrawn',
      data: { introductionId, party, partyId: party === 'holder' ? ids.holder : ids.member, from, withdrawnAt: at(3 * HOUR) },
    });
    const early = effects(stream(requested(), withdrawn('awaiting-referent')), { reactedUpTo: 0 });
    expect(early.emails.map((m) => strip(m.factId))).toEqual([`intro.1.withdrawn.referent-${ids.commune}`]);
    expect(early.emails[0].actorId).toBeUndefined();
    expect(early.timers).toEqual([]);
    expect(early.cancelTimers.length).toBeGreaterThan(0);
    const late = effects(stream(requested('member'), approved(), withdrawn('awaiting-consent', 'member')), { reactedUpTo: 1 });
    expect(late.emails.map((m) => strip(m.factId))).toEqual([`intro.2.withdrawn.member-${ids.holder}`]);
    // Replayed later: the same fact id, so the notifier's records send it once.
    expect(effects(stream(requested(), withdrawn('awaiting-referent')), { reactedUpTo: 0 }).emails[0].factId).toBe(early.emails[0].factId);
  });

  it('a resend asked for by an introduced person mails the introduced email to them only, one fact per request', () => {
    const resent = (ms: number): IntroductionEvent => ({
      type: 'IntroductionContactResent',
      data: { introductionId, party: 'holder', partyId: ids.holder, resentAt: at(ms) },
    });
    const e = effects(stream(requested(), approved(), accepted(), resent(4 * HOUR), resent(6 * HOUR)), { reactedUpTo: 2 });
    expect(e.emails.map((m) => strip(m.factId))).toEqual([
      `intro.3.introduced.member-${ids.holder}`,
      `intro.4.introduced.member-${ids.holder}`,
    ]);
    expect(e.timers).toEqual([]);
  });

  it('a new request: the assigned referent is mailed with an approve/decline link; reminder, escalation and expiry are planned', () => {
    const e = effects(stream(requested()));
    expect(e.emails).toHaveLength(1);
    expect(e.emails[0]).toEqual({
      kind: 'introduction',
      step: 'requested',
      factId: `intro.${introductionId}.0.requested.referent-${ids.commune}`,
      introductionId,
      revision: 0,
      projectId: ids.project,
      projectTitle: 'Ferme maraîchère coopérative',
      holderId: ids.holder,
      memberId: ids.member,
      holderFirstName: 'Camille',
      memberFirstName: 'Léa',
      requestedBy: 'holder',
      recipient: { kind: 'referent', referentId: ids.commune },
      actorId: ids.commune,
      stepAt: at(0),
    });
    // Ids, first names and a title only: no sealed message, no address.
    expect(JSON.stringify(e.emails)).not.toMatch(/sealed|@/);
    expect(timerIds(e)).toEqual([
      `remind-referent.commune@${at(72 * HOUR)}`,
      `escalate.commune@${at(7 * DAY)}`,
      `expire.-@${at(30 * DAY)}`,
    ]);
    expect(e.cancelTimers.map(strip)).toEqual(['remind-party']);
  });

  it('a request nobody covers goes to the admins, acting as "admin"; no escalation above them', () => {
    const e = effects(stream(requested('member', { referentId: 'admin', level: 'admin' })));
    expect(e.emails.map((m) => [m.step, m.recipient, m.actorId])).toEqual([['requested', { kind: 'admin' }, 'admin']]);
    expect(e.emails[0].factId).toBe(`intro.${introductionId}.0.requested.admin`);
    expect(e.timers.map((t) => t.kind)).toEqual(['remind-referent', 'expire']);
  });

  it('events already reacted to plan no email again, but their timers are planned all the same (same ids)', () => {
    const e = effects(stream(requested()), { reactedUpTo: 0 });
    expect(e.emails).toEqual([]);
    expect(e.timers.map((t) => t.kind)).toEqual(['remind-referent', 'escalate', 'expire']);
  });

  it('a request already answered is not mailed (catch-up after the referent acted): only the current step is', () => {
    const e = effects(stream(requested(), approved()));
    expect(e.emails.map((m) => [m.step, m.recipient, m.actorId])).toEqual([
      ['approved', { kind: 'member', memberId: ids.member }, ids.member],
    ]);
    expect(timerIds(e)).toEqual([`remind-party.-@${at(HOUR + 14 * DAY)}`, `expire.-@${at(HOUR + 30 * DAY)}`]);
    expect(e.cancelTimers.map(strip).sort()).toEqual(['escalate.commune', 'remind-referent.commune']);
  });

  it('the emails of events not delivered yet wait for them, while the latest state already decides what is stale', () => {
    // Delivered up to the request; the approval (revision 1) comes with the next batch.
    const e = effects(stream(requested(), approved()), { upTo: 0 });
    expect(e.emails).toEqual([]);
    expect(e.timers.map((t) => t.kind)).toEqual(['remind-party', 'expire']);
  });

  it('approval asks the side that did not ask: the holder when the member requested', () => {
    const e = effects(stream(requested('member'), approved()), { reactedUpTo: 0 });
    expect(e.emails.map((m) => [m.step, m.recipient, m.actorId])).toEqual([
      ['approved', { kind: 'member', memberId: ids.holder }, ids.holder],
    ]);
  });

  it('escalation: the new referent gets the links, the previous one is told; timers move to the new level', () => {
    const e = effects(stream(requested(), escalated()), { reactedUpTo: 0, now: 7 * DAY });
    expect(e.emails.map((m) => [m.step, m.recipient, m.actorId ?? null])).toEqual([
      ['escalated-to', { kind: 'referent', referentId: ids.departement }, ids.departement],
      ['escalated-from', { kind: 'referent', referentId: ids.commune }, null],
    ]);
    expect(e.emails[0].escalation).toEqual({
      fromLevel: 'commune',
      toLevel: 'departement',
      fromFirstName: 'Dominique',
      toFirstName: 'Sacha',
    });
    expect(timerIds(e)).toEqual([
      `remind-referent.departement@${at(7 * DAY + 72 * HOUR)}`,
      `escalate.departement@${at(14 * DAY)}`,
      `expire.-@${at(30 * DAY)}`,
    ]);
    expect(e.cancelTimers.map(strip).sort()).toEqual(['escalate.commune', 'remind-party', 'remind-referent.commune']);
  });

  it('reminders go to the assignee (with the link) or to the party, and are planned once', () => {
    const referentReminder: IntroductionEvent = {
      type: 'IntroductionReminded',
      data: { introductionId, target: 'referent', assignment: communeRef, remindedAt: at(72 * HOUR) },
    };
    const r = effects(stream(requested(), referentReminder), { reactedUpTo: 0 });
    expect(r.emails.map((m) => [m.step, m.recipient, m.actorId])).toEqual([
      ['referent-reminder', { kind: 'referent', referentId: ids.commune }, ids.commune],
    ]);
    expect(r.timers.map((t) => t.kind)).toEqual(['escalate', 'expire']);

    const partyReminder: IntroductionEvent = {
      type: 'IntroductionReminded',
      data: { introductionId, target: 'party', party: 'member', partyId: ids.member, remindedAt: at(15 * DAY) },
    };
    const p = effects(stream(requested(), approved(), partyReminder), { reactedUpTo: 1, now: 15 * DAY });
    expect(p.emails.map((m) => [m.step, m.recipient, m.actorId])).toEqual([
      ['party-reminder', { kind: 'member', memberId: ids.member }, ids.member],
    ]);
    expect(p.timers.map((t) => t.kind)).toEqual(['expire']);
  });

  it('introduced: both parties are mailed, and every timer of the introduction is cancelled', () => {
    const e = effects(stream(requested(), approved(), accepted()), { reactedUpTo: 1 });
    expect(e.emails.map((m) => [m.step, m.recipient])).toEqual([
      ['introduced', { kind: 'member', memberId: ids.holder }],
      ['introduced', { kind: 'member', memberId: ids.member }],
    ]);
    expect(new Set(e.emails.map((m) => m.factId)).size).toBe(2);
    expect(e.timers).toEqual([]);
    expect(e.cancelTimers.map(strip).sort()).toEqual(['escalate.commune', 'expire', 'remind-party', 'remind-referent.commune']);
  });

  it('declined, refused and expired tell the requester; a matcher suggestion has nobody to tell', () => {
    expect(effects(stream(requested('member'), declined())).emails.map((m) => [m.step, m.recipient])).toEqual([
      ['declined', { kind: 'member', memberId: ids.member }],
    ]);
    const refused: IntroductionEvent = {
      type: 'IntroductionRefused',
      data: { introductionId, party: 'member', partyId: ids.member, refusedAt: at(2 * HOUR) },
    };
    expect(effects(stream(requested('holder'), approved(), refused), { reactedUpTo: 1 }).emails.map((m) => [m.step, m.recipient])).toEqual([
      ['refused', { kind: 'member', memberId: ids.holder }],
    ]);
    const expired: IntroductionEvent = {
      type: 'IntroductionExpired',
      data: { introductionId, from: 'awaiting-referent', expiredAt: at(30 * DAY) },
    };
    expect(effects(stream(requested('holder'), expired), { now: 30 * DAY }).emails.map((m) => [m.step, m.recipient])).toEqual([
      ['expired', { kind: 'member', memberId: ids.holder }],
    ]);
    expect(effects(stream(requested('matcher'), declined())).emails).toEqual([]);
  });

  it('held while the project is paused: no timer (all cancelled); resumed: planned again, moved by the time held', () => {
    const held: IntroductionEvent = { type: 'IntroductionHeld', data: { introductionId, heldAt: at(HOUR) } };
    const resumed: IntroductionEvent = {
      type: 'IntroductionResumed',
      data: { introductionId, heldSince: at(HOUR), resumedAt: at(2 * DAY + HOUR) },
    };
    const whileHeld = effects(stream(requested(), held), { reactedUpTo: 0 });
    expect(whileHeld.emails).toEqual([]);
    expect(whileHeld.timers).toEqual([]);
    expect(whileHeld.cancelTimers.map(strip).sort()).toEqual(['escalate.commune', 'expire', 'remind-party', 'remind-referent.commune']);
    const after = effects(stream(requested(), held, resumed), { reactedUpTo: 1 });
    expect(after.emails).toEqual([]);
    expect(timerIds(after)).toEqual([
      `remind-referent.commune@${at(72 * HOUR + 2 * DAY)}`,
      `escalate.commune@${at(7 * DAY + 2 * DAY)}`,
      `expire.-@${at(30 * DAY + 2 * DAY)}`,
    ]);
  });

  it('ended by a closed project: both parties told; by an erasure: the one still there; a suggestion nobody knew: nobody', () => {
    const ended = (reason: 'project-closed' | 'party-erased', erasedParty?: 'holder' | 'member'): IntroductionEvent => ({
      type: 'IntroductionEnded',
      data: { introductionId, reason, ...(erasedParty ? { erasedParty } : {}), from: 'awaiting-referent', endedAt: at(HOUR) },
    });
    const closed = effects(stream(requested('member'), ended('project-closed')), { reactedUpTo: 0 });
    expect(closed.emails.map((m) => [m.step, m.recipient, m.endReason])).toEqual([
      ['ended', { kind: 'member', memberId: ids.holder }, 'project-closed'],
      ['ended', { kind: 'member', memberId: ids.member }, 'project-closed'],
    ]);
    expect(closed.timers).toEqual([]);
    const erased = effects(stream(requested('member'), ended('party-erased', 'holder')), { reactedUpTo: 0 });
    expect(erased.emails.map((m) => [m.recipient, m.endReason])).toEqual([[{ kind: 'member', memberId: ids.member }, 'party-erased']]);
    expect(effects(stream(requested('matcher'), ended('project-closed')), { reactedUpTo: 0 }).emails).toEqual([]);
  });

  it('says who approved or declined: a referent, or the network’s team (admins)', () => {
    expect(effects(stream(requested(), approved()), { reactedUpTo: 0 }).emails.map((m) => m.reviewedBy)).toEqual(['referent']);
    const byAdmins: IntroductionEvent = {
      type: 'IntroductionDeclined',
      data: { introductionId, by: { kind: 'admin' }, declinedAt: at(HOUR) },
    };
    expect(effects(stream(requested('member'), byAdmins), { reactedUpTo: 0 }).emails.map((m) => m.reviewedBy)).toEqual(['admin']);
  });

  it('an outcome older than the horizon is not mailed any more (a rebuild after Redis lost its records)', () => {
    const events = stream(requested(), approved(), accepted());
    const acceptedAt = 2 * HOUR;
    expect(effects(events, { now: acceptedAt + OUTCOME_EMAIL_HORIZON_MS - 1 }).emails.map((m) => m.step)).toEqual([
      'introduced',
      'introduced',
    ]);
    // A week later nothing goes out, and nothing is planned either: the introduction is over.
    const late = effects(events, { now: acceptedAt + OUTCOME_EMAIL_HORIZON_MS + 1 });
    expect(late.emails).toEqual([]);
    expect(late.timers).toEqual([]);
  });

  it('missing names leave empty strings (the email then says less), never undefined', () => {
    const e = decideIntroductionEffects({
      stream: stream(requested()),
      reactedUpTo: -1,
      upTo: 0,
      names: { projectTitles: new Map(), firstNames: new Map() },
      now: t0,
      delays: INTRODUCTION_DELAYS,
    });
    expect(e.emails[0]).toMatchObject({ projectTitle: '', holderFirstName: '', memberFirstName: '' });
  });
});

describe('escalationTarget', () => {
  const chain = (...levels: ('commune' | 'departement' | 'region')[]): ReferentAssignment[] => [
    ...levels.map((level) => ({ level, referentId: `${level}-referent`, firstName: level })),
    { level: 'admin' as const },
  ];

  it('goes to the département, then the région, then the admins', () => {
    const full = chain('commune', 'departement', 'region');
    expect(escalationTarget(full, { referentId: 'commune-referent', level: 'commune' })).toEqual({
      referentId: 'departement-referent',
      level: 'departement',
    });
    expect(escalationTarget(full, { referentId: 'departement-referent', level: 'departement' })).toEqual({
      referentId: 'region-referent',
      level: 'region',
    });
    expect(escalationTarget(full, { referentId: 'region-referent', level: 'region' })).toEqual({ referentId: 'admin', level: 'admin' });
  });

  it('skips a missing level, and ends with the admins when nobody encloses the place', () => {
    expect(escalationTarget(chain('commune', 'region'), { referentId: 'commune-referent', level: 'commune' })).toEqual({
      referentId: 'region-referent',
      level: 'region',
    });
    expect(escalationTarget(chain('commune'), { referentId: 'commune-referent', level: 'commune' })).toEqual({
      referentId: 'admin',
      level: 'admin',
    });
    expect(escalationTarget([{ level: 'admin' }], { referentId: 'x', level: 'commune' })).toEqual({ referentId: 'admin', level: 'admin' });
  });
});
