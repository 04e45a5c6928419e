import type { Decider } from '../shared/decider';
import { assertRules, InvalidStateError, NotFoundError } from '../shared/errors';
import type { ResolvedTerritory, Sealed } from '../shared/places';
import {
  checkOneOf,
  checkRange,
  checkTerritories,
  checkText,
  checkUuid,
  compact,
  deepEqual,
  isIsoDate,
  normaliseWords,
  violation,
  type Violations,
} from '../shared/rules';
import { type Locale, LOCALES, NOTIFY_FREQUENCIES, type NotifyFrequency } from '../shared/vocabulary';
import { NotYetDueError } from '../introduction/introduction.decider';
import {
  afterEmailChanged,
  afterEmailChangeRequested,
  confirmEmailChange,
  type EmailChangeState,
  requestEmailChange,
} from './email-change';
import type { MemberCommand, RegisterMember } from './member.commands';
import type { Availability, MemberEvent } from './member.events';

/** Limits of a member's profile; exported so forms and API docs can show the same ones. */
export const MEMBER_RULES = {
  firstName: { min: 1, max: 60 },
  territories: { min: 1, max: 5 },
  skills: { min: 0, max: 30 },
  interests: { min: 0, max: 20 },
  hoursPerWeek: { min: 0, max: 60 },
} as const;

/**
 * What a registration that leaves them out declares (a holder's short profile: name, address,
 * language and commune): no skills nor interests, no time offered — so never proposed as a
 * partner until the member says how many hours — and the weekly email.
 */
export const MEMBER_DEFAULTS = {
  skills: [] as readonly string[],
  interests: [] as readonly string[],
  availability: { hoursPerWeek: 0 } as Availability,
  notify: 'weekly' as NotifyFrequency,
} as const;

export type ActiveMemberState = Readonly<{
  status: 'active';
  memberId: string;
  firstName: string;
  pii: Sealed;
  locale: Locale;
  skills: readonly string[];
  interests: readonly string[];
  territories: readonly ResolvedTerritory[];
  availability: Availability;
  notify: NotifyFrequency;
  registeredAt: string;
  /**
   * Whether the address is confirmed (double opt-in). False from a registration carrying
   * `confirmationRequired` until `MemberConfirmed`; true for registrations recorded before
   * double opt-in existed. An unconfirmed member is neither matched nor emailed.
   */
  confirmed: boolean;
  /** Address changes ("change my email"): absent until the first request. Kept out of the views. */
  emailChange?: EmailChangeState;
  /** Time of the last event applied. */
  updatedAt: string;
}>;

/** After erasure nothing about the person is kept, not even in memory. */
export type ErasedMemberState = Readonly<{ status: 'erased'; memberId: string; erasedAt: string }>;

export type MemberState = Readonly<{ status: 'none' }> | ActiveMemberState | ErasedMemberState;

export const initialMemberState = (): MemberState => ({ status: 'none' });

export const checkAvailability = (
  field: string,
  availability: Availability | undefined,
): { availability: Availability; violations: Violations } => {
  if (typeof availability !== 'object' || availability === null) {
    return {
      availability: { hoursPerWeek: 0 },
      violations: [violation(field, 'disponibilité attendue', 'an availability is expected')],
    };
  }
  const { hoursPerWeek, from, until } = availability;
  const violations: Violations = [];
  const hours = checkRange(`${field}.hoursPerWeek`, hoursPerWeek, MEMBER_RULES.hoursPerWeek);
  if (hours) violations.push(hours);
  const badDate = (f: string) => violation(f, 'date réelle au format AAAA-MM-JJ attendue', 'a real date as YYYY-MM-DD expected');
  if (from !== undefined && !isIsoDate(from)) violations.push(badDate(`${field}.from`));
  if (until !== undefined && !isIsoDate(until)) violations.push(badDate(`${field}.until`));
  if (isIsoDate(from) && isIsoDate(until) && until < from) {
    violations.push(violation(`${field}.until`, 'ne peut pas précéder la date de début', 'cannot be before from'));
  }
  return { availability: compact({ hoursPerWeek, from, until }), violations };
};

const active = (state: MemberState, memberId: string): ActiveMemberState => {
  if (state.status === 'none') throw new NotFoundError('member', memberId);
  if (state.status === 'erased') {
    throw new InvalidStateError('Ce membre a été effacé / This member has been erased');
  }
  return state;
};

const register = (command: RegisterMember, state: MemberState): MemberEvent[] => {
  const { data } = command;
  if (state.status !== 'none') throw new InvalidStateError('Ce membre existe déjà / This member already exists');
  const firstName = checkText('firstName', data.firstName, MEMBER_RULES.firstName);
  const skills = normaliseWords('skills', data.skills ?? MEMBER_DEFAULTS.skills, MEMBER_RULES.skills);
  const interests = normaliseWords('interests', data.interests ?? MEMBER_DEFAULTS.interests, MEMBER_RULES.interests);
  const availability =
    data.availability === undefined
      ? { availability: MEMBER_DEFAULTS.availability, violations: [] }
      : checkAvailability('availability', data.availability);
  const notify = data.notify ?? MEMBER_DEFAULTS.notify;
  assertRules([
    checkUuid('memberId', data.memberId),
    ...firstName.violations,
    (typeof data.pii !== 'string' || data.pii === '') &&
      violation('pii', 'données personnelles scellées attendues', 'sealed personal data expected'),
    checkOneOf('locale', data.locale, LOCALES),
    ...skills.violations,
    ...interests.violations,
    ...checkTerritories('territories', data.territories, MEMBER_RULES.territories),
    ...availability.violations,
    checkOneOf('notify', notify, NOTIFY_FREQUENCIES),
  ]);
  return [
    {
      type: 'MemberRegistered',
      data: {
        memberId: data.memberId,
        firstName: firstName.text,
        pii: data.pii,
        locale: data.locale,
        skills: skills.words,
        interests: interests.words,
        territories: data.territories,
        availability: availability.availability,
        notify,
        registeredAt: command.metadata.now.toISOString(),
        confirmationRequired: true,
      },
    },
  ];
};

const decide = (command: MemberCommand, state: MemberState): MemberEvent[] => {
  if (command.type === 'RegisterMember') return register(command, state);
  const member = active(state, command.data.memberId);
  const { memberId } = member;
  const now = command.metadata.now.toISOString();
  // Facet commands are idempotent: restating the current value appends nothing.
  switch (command.type) {
    case 'DeclareSkills': {
      const skills = normaliseWords('skills', command.data.skills, MEMBER_RULES.skills);
      assertRules(skills.violations);
      if (deepEqual(skills.words, member.skills)) return [];
      return [{ type: 'MemberSkillsDeclared', data: { memberId, skills: skills.words, declaredAt: now } }];
    }
    case 'ChangeInterests': {
      const interests = normaliseWords('interests', command.data.interests, MEMBER_RULES.interests);
      assertRules(interests.violations);
      if (deepEqual(interests.words, member.interests)) return [];
      return [{ type: 'MemberInterestsChanged', data: { memberId, interests: interests.words, changedAt: now } }];
    }
    case 'ChangeTerritories': {
      const { territories } = command.data;
      assertRules(checkTerritories('territories', territories, MEMBER_RULES.territories));
      if (deepEqual(territories, member.territories)) return [];
      return [{ type: 'MemberTerritoriesChanged', data: { memberId, territories, changedAt: now } }];
    }
    case 'DeclareAvailability': {
      const availability = checkAvailability('availability', command.data.availability);
      assertRules(availability.violations);
      if (deepEqual(availability.availability, member.availability)) return [];
      return [
        {
          type: 'MemberAvailabilityDeclared',
          data: { memberId, availability: availability.availability, declaredAt: now },
        },
      ];
    }
    case 'ChangeNotifications': {
      const { notify } = command.data;
      assertRules([checkOneOf('notify', notify, NOTIFY_FREQUENCIES)]);
      if (notify === member.notify) return [];
      return [{ type: 'MemberNotificationsChanged', data: { memberId, notify, changedAt: now } }];
    }
    case 'EraseMember':
      return [{ type: 'MemberErased', data: { memberId, erasedAt: now } }];
    case 'DismissRecommendation': {
      // Not kept in the state (the profile views spread it): dismissing twice only repeats a no-op for the matcher.
      const { projectId } = command.data;
      assertRules([checkUuid('projectId', projectId)]);
      return [{ type: 'RecommendationDismissed', data: { memberId, projectId, dismissedAt: now } }];
    }
    case 'ConfirmMember':
      return member.confirmed ? [] : [{ type: 'MemberConfirmed', data: { memberId, confirmedAt: now } }];
    case 'RequestEmailChange':
      return requestEmailChange(member, command);
    case 'ConfirmEmailChange':
      return confirmEmailChange(member, command);
    case 'EraseUnconfirmedMember':
      return eraseUnconfirmed(member, command.data.confirmWithinSeconds, command.metadata.now);
  }
};

/**
 * Seven days (by configuration) to confirm: past that, a still unconfirmed account is
 * erased, since its address may be someone else's. Too early is a NotYetDueError naming
 * the deadline (the timer waits until then); a confirmed member appends nothing.
 */
export function unconfirmedDeadline(registeredAt: string, confirmWithinSeconds: number): string {
  return new Date(Date.parse(registeredAt) + confirmWithinSeconds * 1000).toISOString();
}

const eraseUnconfirmed = (member: ActiveMemberState, confirmWithinSeconds: number, now: Date): MemberEvent[] => {
  assertRules([
    !(Number.isSafeInteger(confirmWithinSeconds) && confirmWithinSeconds > 0) &&
      violation('confirmWithinSeconds', 'nombre entier de secondes positif attendu', 'a positive whole number of seconds expected'),
  ]);
  if (member.confirmed) return [];
  const dueAt = unconfirmedDeadline(member.registeredAt, confirmWithinSeconds);
  if (now.getTime() < Date.parse(dueAt)) throw new NotYetDueError('EraseUnconfirmedMember', dueAt);
  return [{ type: 'MemberErased', data: { memberId: member.memberId, erasedAt: now.toISOString(), reason: 'unconfirmed' } }];
};

const evolve = (state: MemberState, event: MemberEvent): MemberState => {
  if (event.type === 'MemberRegistered') {
    const { registeredAt, confirmationRequired, ...profile } = event.data;
    return { status: 'active', ...profile, registeredAt, confirmed: confirmationRequired !== true, updatedAt: registeredAt };
  }
  if (event.type === 'MemberErased') {
    return { status: 'erased', memberId: event.data.memberId, erasedAt: event.data.erasedAt };
  }
  // Facet changes only mean something for a registered, not erased member.
  if (state.status !== 'active') return state;
  switch (event.type) {
    case 'MemberSkillsDeclared':
      return { ...state, skills: event.data.skills, updatedAt: event.data.declaredAt };
    case 'MemberInterestsChanged':
      return { ...state, interests: event.data.interests, updatedAt: event.data.changedAt };
    case 'MemberTerritoriesChanged':
      return { ...state, territories: event.data.territories, updatedAt: event.data.changedAt };
    case 'MemberAvailabilityDeclared':
      return { ...state, availability: event.data.availability, updatedAt: event.data.declaredAt };
    case 'MemberNotificationsChanged':
      return { ...state, notify: event.data.notify, updatedAt: event.data.changedAt };
    case 'MemberConfirmed':
      return { ...state, confirmed: true, updatedAt: event.data.confirmedAt };
    case 'RecommendationDismissed':
      return state;
    case 'EmailChangeRequested':
      return { ...state, emailChange: afterEmailChangeRequested(state.emailChange, event) };
    case 'EmailChanged':
      return { ...state, pii: event.data.pii, emailChange: afterEmailChanged(event), updatedAt: event.data.changedAt };
  }
};

export const memberDecider: Decider<MemberState, MemberCommand, MemberEvent> = {
  initialState: initialMemberState,
  evolve,
  decide,
};
