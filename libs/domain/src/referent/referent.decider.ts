import type { Decider } from '../shared/decider';
import { assertRules, InvalidStateError, NotFoundError } from '../shared/errors';
import type { ResolvedTerritory, Sealed } from '../shared/places';
import { checkTerritories, checkText, checkUuid, deepEqual, normaliseWords, violation } from '../shared/rules';
import type { AppointReferent, ReferentCommand } from './referent.commands';
import type { ReferentEvent } from './referent.events';

/** Limits of a referent's coverage; exported so forms and API docs can show the same ones. */
export const REFERENT_RULES = {
  firstName: { min: 1, max: 60 },
  territories: { min: 1, max: 20 },
  themes: { min: 0, max: 20 },
} as const;

export type ReferentStatus = 'active' | 'retired';

export type ReferentState =
  | Readonly<{ status: 'none' }>
  | Readonly<{
      status: ReferentStatus;
      referentId: string;
      firstName: string;
      pii: Sealed;
      territories: readonly ResolvedTerritory[];
      /** Themes the referent prefers; empty means all. */
      themes: readonly string[];
      appointedAt: string;
      /** Time of the last event applied. */
      updatedAt: string;
    }>;

export const initialReferentState = (): ReferentState => ({ status: 'none' });

const appoint = (command: AppointReferent, state: ReferentState): ReferentEvent[] => {
  const { data } = command;
  if (state.status !== 'none') throw new InvalidStateError('Ce référent existe déjà / This referent already exists');
  const firstName = checkText('firstName', data.firstName, REFERENT_RULES.firstName);
  const themes = normaliseWords('themes', data.themes ?? [], REFERENT_RULES.themes);
  assertRules([
    checkUuid('referentId', data.referentId),
    ...firstName.violations,
    (typeof data.pii !== 'string' || data.pii === '') &&
      violation('pii', 'données personnelles scellées attendues', 'sealed personal data expected'),
    ...checkTerritories('territories', data.territories, REFERENT_RULES.territories),
    ...themes.violations,
  ]);
  return [
    {
      type: 'ReferentAppointed',
      data: {
        referentId: data.referentId,
        firstName: firstName.text,
        pii: data.pii,
        territories: data.territories,
        themes: themes.words,
        appointedAt: command.metadata.now.toISOString(),
      },
    },
  ];
};

const decide = (command: ReferentCommand, state: ReferentState): ReferentEvent[] => {
  if (command.type === 'AppointReferent') return appoint(command, state);
  if (state.status === 'none') throw new NotFoundError('referent', command.data.referentId);
  if (state.status === 'retired') {
    throw new InvalidStateError("Ce référent n'est plus en fonction / This referent has retired");
  }
  const { referentId } = state;
  const now = command.metadata.now.toISOString();
  switch (command.type) {
    case 'ChangeReferentTerritories': {
      const { territories } = command.data;
      // Themes left out keep their current value.
      const themes =
        command.data.themes === undefined
          ? { words: [...state.themes], violations: [] }
          : normaliseWords('themes', command.data.themes, REFERENT_RULES.themes);
      assertRules([...checkTerritories('territories', territories, REFERENT_RULES.territories), ...themes.violations]);
      if (deepEqual(territories, state.territories) && deepEqual(themes.words, state.themes)) return [];
      return [{ type: 'ReferentTerritoriesChanged', data: { referentId, territories, themes: themes.words, changedAt: now } }];
    }
    case 'RetireReferent':
      return [{ type: 'ReferentRetired', data: { referentId, retiredAt: now } }];
  }
};

const evolve = (state: ReferentState, event: ReferentEvent): ReferentState => {
  if (event.type === 'ReferentAppointed') {
    const { appointedAt, ...rest } = event.data;
    return { status: 'active', ...rest, appointedAt, updatedAt: appointedAt };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ReferentTerritoriesChanged':
      return {
        ...state,
        territories: event.data.territories,
        themes: event.data.themes,
        updatedAt: event.data.changedAt,
      };
    case 'ReferentRetired':
      return { ...state, status: 'retired', updatedAt: event.data.retiredAt };
  }
};

export const referentDecider: Decider<ReferentState, ReferentCommand, ReferentEvent> = {
  initialState: initialReferentState,
  evolve,
  decide,
};
