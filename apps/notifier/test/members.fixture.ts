import { randomUUID } from 'node:crypto';
import { type Locale, memberDecider, type MemberState, type NotifyFrequency, streamId } from '@trame/domain';
import type { EventStore } from '@trame/event-store';
import type { KeyStore, PersonalDataCipher } from '@trame/personal-data';
import type { MatchEmailJob } from '@trame/messaging';
import { matchFactId } from '@trame/messaging';

export type MemberInput = Readonly<{
  firstName?: string;
  email: string;
  locale?: Locale;
  notify?: NotifyFrequency;
  memberId?: string;
  /** false: left awaiting the confirmation of the address (double opt-in). */
  confirmed?: boolean;
}>;

const FORCALQUIER = {
  kind: 'radius',
  lat: 43.9596,
  lon: 5.7803,
  radiusKm: 30,
  label: 'Forcalquier',
  communeCode: '04088',
  departementCode: '04',
  regionCode: '93',
} as const;

const append = async (
  store: EventStore,
  memberId: string,
  events: { type: string; data: object }[],
  expectedRevision: 'no_stream' | 'any',
) => {
  if (events.length === 0) return;
  await store.appendToStream(
    streamId('member', memberId),
    events.map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data })),
    { expectedRevision },
  );
};

/** Registers and confirms a member the way the api does: through the decider, contact sealed under their own key. */
export async function registerMember(store: EventStore, cipher: PersonalDataCipher, input: MemberInput): Promise<string> {
  const memberId = input.memberId ?? randomUUID();
  const firstName = input.firstName ?? 'Camille';
  const pii = await cipher.seal(memberId, { displayName: `${firstName} Martin`, email: input.email });
  const events = memberDecider.decide(
    {
      type: 'RegisterMember',
      data: {
        memberId,
        firstName,
        pii,
        locale: input.locale ?? 'fr',
        skills: ['maraîchage'],
        interests: ['alimentation'],
        territories: [FORCALQUIER],
        availability: { hoursPerWeek: 6 },
        notify: input.notify ?? 'instant',
      },
      metadata: { now: new Date() },
    },
    memberDecider.initialState(),
  );
  // Confirmed, as following the confirmation email does: an unconfirmed address gets no other email (double opt-in).
  const confirmed =
    input.confirmed === false
      ? []
      : memberDecider.decide(
          { type: 'ConfirmMember', data: { memberId }, metadata: { now: new Date() } },
          events.reduce(memberDecider.evolve, memberDecider.initialState()),
        );
  await append(store, memberId, [...events, ...confirmed], 'no_stream');
  return memberId;
}

async function stateOf(store: EventStore, memberId: string): Promise<MemberState> {
  const { events } = await store.readStream(streamId('member', memberId));
  return events.reduce((s, e) => memberDecider.evolve(s, e as never), memberDecider.initialState());
}

export async function changeNotify(store: EventStore, memberId: string, notify: NotifyFrequency): Promise<void> {
  const events = memberDecider.decide(
    { type: 'ChangeNotifications', data: { memberId, notify }, metadata: { now: new Date() } },
    await stateOf(store, memberId),
  );
  await append(store, memberId, events, 'any');
}

/** Erasure as the api does it: the event, then the key (crypto-shredding). */
export async function eraseMember(store: EventStore, keys: KeyStore, memberId: string): Promise<void> {
  const events = memberDecider.decide(
    { type: 'EraseMember', data: { memberId }, metadata: { now: new Date() } },
    await stateOf(store, memberId),
  );
  await append(store, memberId, events, 'any');
  await keys.deleteKey(memberId);
}

/** A match email job as the matcher would enqueue it (fact id from project + member). */
export function matchJob(
  recipientId: string,
  projectId: string = randomUUID(),
  overrides: Partial<MatchEmailJob['match']> = {},
): MatchEmailJob {
  return {
    kind: 'match',
    factId: matchFactId('member', projectId, recipientId),
    audience: 'member',
    recipientId,
    decidedAt: new Date().toISOString(),
    match: {
      projectId,
      projectTitle: 'Ferme maraîchère coopérative',
      memberId: recipientId,
      memberFirstName: 'Camille',
      role: 'maraîcher·e',
      score: 0.82,
      distanceKm: 12,
      reasons: { fr: '1 compétence sur 1 : maraîchage · 12 km · 6 h/semaine', en: '1 of 1 skills: maraîchage · 12 km · 6 h/week' },
      ...overrides,
    },
  };
}
