import fc from 'fast-check';
import { DeciderSpecification } from '@trame/testing';
import { fold } from '../shared/decider';
import { InvalidStateError, NotFoundError, RuleViolationError } from '../shared/errors';
import type { ResolvedLocation } from '../shared/places';
import { PROJECT_KINDS, PROJECT_STAGES, SUGGESTED_THEMES } from '../shared/vocabulary';
import type { CloseProject, PauseProject, ProjectCommand, ProposeProject, ResumeProject, ReviseProject } from './project.commands';
import { projectDecider, type ProjectState } from './project.decider';
import type { Need, ProjectDetails, ProjectEvent, ProjectProposed } from './project.events';

const given = DeciderSpecification.for(projectDecider);

const projectId = '0b6f3c1e-5d2a-4f8b-9c7e-1a2b3c4d5e6f';
const holderId = '7e9d8c6b-4a3f-4e2d-8b1c-0f9e8d7c6b5a';
const now = new Date('2026-03-01T10:00:00.000Z');
const at = now.toISOString();
const meta = { now };

const lyon: ResolvedLocation = {
  lat: 45.764,
  lon: 4.8357,
  label: 'Lyon',
  communeCode: '69123',
  departementCode: '69',
  regionCode: '84',
};

const details: ProjectDetails = {
  title: 'Ferme des Trois Chênes',
  summary: 'Une ferme coopérative en maraîchage biologique',
  kind: 'ferme-cooperative',
  themes: ['agriculture', 'alimentation'],
  location: lyon,
  radiusKm: 30,
  remoteFriendly: false,
  stage: 'maturing',
};

const needs: Need[] = [
  { role: 'maraîcher', skills: ['maraîchage'], hoursPerWeek: 20, count: 2 },
  { role: 'comptable', skills: ['comptabilité'] },
];

type ProposeData = ProposeProject['data'];
const propose = (over: Partial<Record<keyof ProposeData, unknown>> = {}): ProposeProject => ({
  type: 'ProposeProject',
  data: { projectId, holderId, ...details, needs, ...over } as ProposeData,
  metadata: meta,
});

const proposed: ProjectProposed = {
  type: 'ProjectProposed',
  data: { projectId, holderId, ...details, needs, proposedAt: at },
};
const paused: ProjectEvent = { type: 'ProjectPaused', data: { projectId, pausedAt: at } };
const closed: ProjectEvent = { type: 'ProjectClosed', data: { projectId, reason: 'abandoned', closedAt: at } };

const revise = (changes: Partial<Record<keyof ProjectDetails, unknown>>, newNeeds?: unknown): ReviseProject => ({
  type: 'ReviseProject',
  data: { projectId, changes: changes as Partial<ProjectDetails>, needs: newNeeds as Need[] | undefined },
  metadata: meta,
});
const pause = (reason?: string): PauseProject => ({ type: 'PauseProject', data: { projectId, reason }, metadata: meta });
const resume: ResumeProject = { type: 'ResumeProject', data: { projectId }, metadata: meta };
const close = (reason: string, note?: string): CloseProject => ({
  type: 'CloseProject',
  data: { projectId, reason: reason as CloseProject['data']['reason'], note },
  metadata: meta,
});

/** Asserts the RuleViolationError names exactly these fields, in order. */
const fields =
  (...expected: string[]) =>
  (error: RuleViolationError): boolean => {
    expect(error.violations.map((v) => v.field)).toEqual(expected);
    return true;
  };

const need = (i: number): Need => ({ role: `rôle ${i}`, skills: [`compétence ${i}`] });
const words = (n: number, prefix = 'thème') => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);

describe('projectDecider', () => {
  describe('ProposeProject', () => {
    it('proposes a project', () => {
      given([]).when(propose()).then([proposed]);
    });

    it('trims texts, drops duplicate themes and skills, defaults remoteFriendly and drops an empty description', () => {
      given([])
        .when(
          propose({
            title: '  Ferme des Trois Chênes ',
            summary: ' Une ferme coopérative en maraîchage biologique  ',
            description: '   ',
            themes: ['agriculture', ' Agriculture', 'alimentation '],
            remoteFriendly: undefined,
            needs: [{ role: ' maraîcher ', skills: ['maraîchage', 'Maraîchage '], hoursPerWeek: 20, count: 2 }],
          }),
        )
        .then([{ ...proposed, data: { ...proposed.data, needs: [needs[0]] } }]);
    });

    it('keeps a description, trimmed', () => {
      given([])
        .when(propose({ description: '  Sur 12 hectares.  ' }))
        .then([{ ...proposed, data: { ...proposed.data, description: 'Sur 12 hectares.' } }]);
    });

    it('rejects proposing a project that already exists', () => {
      given([proposed]).when(propose()).thenThrows(InvalidStateError);
    });

    it('rejects ids that are not UUIDs', () => {
      given([])
        .when(propose({ projectId: 'project-1', holderId: '12345678-1234-1234-1234-123456789012' }))
        .thenThrows(RuleViolationError, fields('projectId', 'holderId'));
    });

    it.each([
      ['ab', false],
      ['  ab  ', false],
      ['abc', true],
      ['x'.repeat(120), true],
      ['x'.repeat(121), false],
    ])('title %j accepted: %s', (title, ok) => {
      const when = given([]).when(propose({ title }));
      if (ok) when.then([{ ...proposed, data: { ...proposed.data, title } }]);
      else when.thenThrows(RuleViolationError, fields('title'));
    });

    it.each([
      ['x'.repeat(9), false],
      ['x'.repeat(10), true],
      ['x'.repeat(500), true],
      ['x'.repeat(501), false],
    ])('summary of %#: accepted %s', (summary, ok) => {
      const when = given([]).when(propose({ summary }));
      if (ok) when.then([{ ...proposed, data: { ...proposed.data, summary } }]);
      else when.thenThrows(RuleViolationError, fields('summary'));
    });

    it('rejects a description over 5000 characters', () => {
      given([])
        .when(propose({ description: 'x'.repeat(5001) }))
        .thenThrows(RuleViolationError, fields('description'));
    });

    it.each([
      [0, false],
      [1, true],
      [10, true],
      [11, false],
    ])('%i themes accepted: %s', (n, ok) => {
      const themes = words(n);
      const when = given([]).when(propose({ themes }));
      if (ok) when.then([{ ...proposed, data: { ...proposed.data, themes } }]);
      else when.thenThrows(RuleViolationError, fields('themes'));
    });

    it('rejects an empty theme, naming it', () => {
      given([])
        .when(propose({ themes: ['agriculture', '  '] }))
        .thenThrows(RuleViolationError, fields('themes[1]'));
    });

    it('rejects an unknown kind and stage', () => {
      given([])
        .when(propose({ kind: 'castle', stage: 'done' }))
        .thenThrows(RuleViolationError, fields('kind', 'stage'));
    });

    it.each([
      [-1, false],
      [0, false],
      [1, true],
      [500, true],
      [501, false],
      [Number.NaN, false],
    ])('radiusKm %d accepted: %s', (radiusKm, ok) => {
      const when = given([]).when(propose({ radiusKm }));
      if (ok) when.then([{ ...proposed, data: { ...proposed.data, radiusKm } }]);
      else when.thenThrows(RuleViolationError, fields('radiusKm'));
    });

    it('rejects a location off the globe and a missing one', () => {
      given([])
        .when(propose({ location: { ...lyon, lat: 91, lon: -181 } }))
        .thenThrows(RuleViolationError, fields('location.lat', 'location.lon'));
      given([])
        .when(propose({ location: undefined }))
        .thenThrows(RuleViolationError, fields('location'));
    });

    it('rejects a remoteFriendly that is not a boolean', () => {
      given([])
        .when(propose({ remoteFriendly: 'yes' }))
        .thenThrows(RuleViolationError, fields('remoteFriendly'));
    });

    describe('needs', () => {
      it.each([
        [0, false],
        [1, true],
        [10, true],
        [11, false],
      ])('%i needs accepted: %s', (n, ok) => {
        const list = Array.from({ length: n }, (_, i) => need(i));
        const when = given([]).when(propose({ needs: list }));
        if (ok) when.then([{ ...proposed, data: { ...proposed.data, needs: list } }]);
        else when.thenThrows(RuleViolationError, fields('needs'));
      });

      it('rejects missing needs', () => {
        given([])
          .when(propose({ needs: undefined }))
          .thenThrows(RuleViolationError, fields('needs'));
      });

      it('requires at least one non-empty skill per need and a role', () => {
        given([])
          .when(propose({ needs: [need(0), { role: ' ', skills: ['  '] }, { role: 'x', skills: [] }] }))
          .thenThrows(RuleViolationError, fields('needs[1].role', 'needs[1].skills[0]', 'needs[2].skills'));
      });

      it.each([
        [-1, false],
        [0, true],
        [60, true],
        [61, false],
      ])('hoursPerWeek %i accepted: %s', (hoursPerWeek, ok) => {
        const list = [{ ...need(0), hoursPerWeek }];
        const when = given([]).when(propose({ needs: list }));
        if (ok) when.then([{ ...proposed, data: { ...proposed.data, needs: list } }]);
        else when.thenThrows(RuleViolationError, fields('needs[0].hoursPerWeek'));
      });

      it.each([
        [0, false],
        [1, true],
        [50, true],
        [51, false],
        [2.5, false],
      ])('count %d accepted: %s', (count, ok) => {
        const list = [need(0), { ...need(1), count }];
        const when = given([]).when(propose({ needs: list }));
        if (ok) when.then([{ ...proposed, data: { ...proposed.data, needs: list } }]);
        else when.thenThrows(RuleViolationError, fields('needs[1].count'));
      });
    });

    it('lists every violation of the command at once', () => {
      given([])
        .when(propose({ holderId: 'nope', title: 'a', radiusKm: 900, themes: [], needs: [] }))
        .thenThrows(RuleViolationError, fields('holderId', 'title', 'themes', 'radiusKm', 'needs'));
    });
  });

  describe('ReviseProject', () => {
    it('rejects revising an unknown project', () => {
      given([])
        .when(revise({ title: 'Nouveau titre' }))
        .thenThrows(NotFoundError, (e) => e.entity === 'project' && e.id === projectId);
    });

    it('emits only the fields that differ', () => {
      given([proposed])
        .when(revise({ title: 'Ferme du Vieux Chêne', summary: details.summary, radiusKm: 45, stage: 'maturing' }))
        .then([{ type: 'ProjectRevised', data: { projectId, changes: { title: 'Ferme du Vieux Chêne', radiusKm: 45 }, revisedAt: at } }]);
    });

    it('compares deeply: equal location and themes in new objects are no change', () => {
      given([proposed])
        .when(
          revise(
            { location: { ...lyon }, themes: [...details.themes] },
            needs.map((n) => ({ ...n })),
          ),
        )
        .thenNothingHappened();
    });

    it('compares after normalising: padded title and re-cased theme are no change', () => {
      given([proposed])
        .when(revise({ title: `  ${details.title} `, themes: ['agriculture', 'alimentation', 'Agriculture'] }))
        .thenNothingHappened();
    });

    it('does nothing for an empty revision', () => {
      given([proposed]).when(revise({})).thenNothingHappened();
    });

    it('ignores keys that are not revisable details', () => {
      given([proposed])
        .when(revise({ holderId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', projectId: 'x' } as never))
        .thenNothingHappened();
    });

    it('changes the needs alone', () => {
      const newNeeds = [need(7)];
      given([proposed])
        .when(revise({}, newNeeds))
        .then([{ type: 'ProjectNeedsChanged', data: { projectId, needs: newNeeds, changedAt: at } }]);
    });

    it('emits both events when details and needs change', () => {
      given([proposed])
        .when(revise({ stage: 'launching' }, [needs[1]]))
        .then([
          { type: 'ProjectRevised', data: { projectId, changes: { stage: 'launching' }, revisedAt: at } },
          { type: 'ProjectNeedsChanged', data: { projectId, needs: [needs[1]], changedAt: at } },
        ]);
    });

    it('clears the description with an empty one, and the state then has none', () => {
      const withDescription: ProjectProposed = { ...proposed, data: { ...proposed.data, description: 'Sur 12 ha.' } };
      const revised: ProjectEvent = { type: 'ProjectRevised', data: { projectId, changes: { description: '' }, revisedAt: at } };
      given([withDescription])
        .when(revise({ description: ' ' }))
        .then([revised]);
      const state = fold(projectDecider, [withDescription, revised]);
      expect(state.status === 'active' && 'description' in state.details).toBe(false);
      given([proposed])
        .when(revise({ description: '' }))
        .thenNothingHappened();
    });

    it('revises a paused project', () => {
      given([proposed, paused])
        .when(revise({ radiusKm: 10 }))
        .then([{ type: 'ProjectRevised', data: { projectId, changes: { radiusKm: 10 }, revisedAt: at } }]);
    });

    it('rejects revising a closed project', () => {
      given([proposed, closed])
        .when(revise({ radiusKm: 10 }))
        .thenThrows(InvalidStateError);
    });

    it('applies the same rules to revised fields and lists every violation', () => {
      given([proposed])
        .when(
          revise(
            { title: 'ab', themes: words(11), radiusKm: 501, kind: 'castle' },
            Array.from({ length: 11 }, (_, i) => need(i)),
          ),
        )
        .thenThrows(RuleViolationError, fields('title', 'kind', 'themes', 'radiusKm', 'needs'));
      given([proposed])
        .when(revise({}, [need(0), need(1), { role: 'x', skills: [], hoursPerWeek: 61 }]))
        .thenThrows(RuleViolationError, fields('needs[2].skills', 'needs[2].hoursPerWeek'));
    });
  });

  describe('PauseProject', () => {
    it('pauses an active project, with or without a reason', () => {
      given([proposed])
        .when(pause('  en attente du bail '))
        .then([{ type: 'ProjectPaused', data: { projectId, reason: 'en attente du bail', pausedAt: at } }]);
      given([proposed]).when(pause()).then([paused]);
    });

    it('rejects a reason over 500 characters', () => {
      given([proposed])
        .when(pause('x'.repeat(501)))
        .thenThrows(RuleViolationError, fields('reason'));
    });

    it('rejects pausing a paused, a closed or an unknown project', () => {
      given([proposed, paused]).when(pause()).thenThrows(InvalidStateError);
      given([proposed, closed]).when(pause()).thenThrows(InvalidStateError);
      given([]).when(pause()).thenThrows(NotFoundError);
    });
  });

  describe('ResumeProject', () => {
    it('resumes a paused project', () => {
      given([proposed, paused])
        .when(resume)
        .then([{ type: 'ProjectResumed', data: { projectId, resumedAt: at } }]);
    });

    it('rejects resuming an active, a closed or an unknown project', () => {
      given([proposed]).when(resume).thenThrows(InvalidStateError);
      given([proposed, paused, closed]).when(resume).thenThrows(InvalidStateError);
      given([]).when(resume).thenThrows(NotFoundError);
    });
  });

  describe('CloseProject', () => {
    it('closes an active or a paused project', () => {
      given([proposed])
        .when(close('team-complete', ' équipe au complet '))
        .then([{ type: 'ProjectClosed', data: { projectId, reason: 'team-complete', note: 'équipe au complet', closedAt: at } }]);
      given([proposed, paused]).when(close('abandoned')).then([closed]);
    });

    it('rejects an unknown reason and a note over 500 characters, together', () => {
      given([proposed])
        .when(close('bored', 'x'.repeat(501)))
        .thenThrows(RuleViolationError, fields('reason', 'note'));
    });

    it('rejects closing a closed or an unknown project', () => {
      given([proposed, closed]).when(close('other')).thenThrows(InvalidStateError);
      given([]).when(close('other')).thenThrows(NotFoundError);
    });
  });

  describe('CloseProjectOfErasedHolder', () => {
    const closeOfErased = (id: string): ProjectCommand => ({
      type: 'CloseProjectOfErasedHolder',
      data: { projectId, holderId: id },
      metadata: meta,
    });
    const closedAsErased: ProjectEvent = { type: 'ProjectClosed', data: { projectId, reason: 'holder-erased', closedAt: at } };

    it('closes an active or a paused project as holder-erased', () => {
      given([proposed]).when(closeOfErased(holderId)).then([closedAsErased]);
      given([proposed, paused]).when(closeOfErased(holderId)).then([closedAsErased]);
      expect(fold(projectDecider, [proposed, closedAsErased])).toMatchObject({ status: 'closed', closeReason: 'holder-erased' });
    });

    it('decides nothing once closed (a replayed erasure), whatever the reason', () => {
      given([proposed, closed]).when(closeOfErased(holderId)).then([]);
      given([proposed, closedAsErased]).when(closeOfErased(holderId)).then([]);
    });

    it('refuses another member than the holder (422), and an unknown project (404)', () => {
      given([proposed]).when(closeOfErased('9f9f9f9f-9f9f-4f9f-8f9f-9f9f9f9f9f9f')).thenThrows(RuleViolationError, fields('holderId'));
      given([]).when(closeOfErased(holderId)).thenThrows(NotFoundError);
    });

    it('is not a reason a holder may give', () => {
      given([proposed]).when(close('holder-erased')).thenThrows(RuleViolationError, fields('reason'));
    });
  });

  describe('evolve', () => {
    it('tracks the lifecycle', () => {
      const states = [
        [proposed],
        [proposed, paused],
        [proposed, paused, { type: 'ProjectResumed', data: { projectId, resumedAt: '2026-03-02T00:00:00.000Z' } }],
        [proposed, closed],
      ].map((events) => fold(projectDecider, events as ProjectEvent[]));
      expect(states.map((s) => s.status)).toEqual(['active', 'paused', 'active', 'closed']);
      expect(states[2]).toMatchObject({ holderId, needs, details, updatedAt: '2026-03-02T00:00:00.000Z' });
      expect(states[3]).toMatchObject({ closeReason: 'abandoned' });
    });

    it('ignores events before the proposal', () => {
      expect(fold(projectDecider, [paused])).toEqual({ status: 'none' });
    });
  });

  describe('properties', () => {
    const text = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z][A-Za-z ]{${min - 2},${max - 2}}[A-Za-z]$`));
    const skill = fc.constantFrom('maraîchage', 'menuiserie', 'comptabilité', 'électricité', 'cuisine', 'animation');
    const needArb: fc.Arbitrary<Need> = fc.record(
      {
        role: fc.constantFrom('maraîcher', 'menuisier', 'comptable', 'animatrice'),
        skills: fc.uniqueArray(skill, { minLength: 1, maxLength: 4 }),
        hoursPerWeek: fc.integer({ min: 0, max: 60 }),
        count: fc.integer({ min: 1, max: 50 }),
      },
      { requiredKeys: ['role', 'skills'] },
    );
    const changesArb: fc.Arbitrary<Partial<ProjectDetails>> = fc.record(
      {
        title: text(3, 40),
        summary: text(10, 60),
        description: fc.stringMatching(/^[a-z]{0,12}$/),
        kind: fc.constantFrom(...PROJECT_KINDS),
        themes: fc.uniqueArray(fc.constantFrom(...SUGGESTED_THEMES), { minLength: 1, maxLength: 10 }),
        location: fc.record({
          // `+ 0` turns -0 into 0, which jest's toEqual would tell apart.
          lat: fc.double({ min: -90, max: 90, noNaN: true }).map((v) => v + 0),
          lon: fc.double({ min: -180, max: 180, noNaN: true }).map((v) => v + 0),
          label: fc.constantFrom('Lyon', 'Die', 'Crest'),
        }),
        radiusKm: fc.integer({ min: 1, max: 500 }),
        remoteFriendly: fc.boolean(),
        stage: fc.constantFrom(...PROJECT_STAGES),
      },
      { requiredKeys: [] },
    );
    const revisionArb = fc.record({
      changes: changesArb,
      needs: fc.option(fc.array(needArb, { minLength: 1, maxLength: 10 }), { nil: undefined }),
    });

    it('folding random valid revisions equals applying the changes, with only real differences emitted', () => {
      fc.assert(
        fc.property(fc.boolean(), fc.array(revisionArb, { minLength: 1, maxLength: 8 }), (pausedFirst, revisions) => {
          let events: ProjectEvent[] = pausedFirst ? [proposed, paused] : [proposed];
          let expectedDetails: Record<string, unknown> = { ...details };
          let expectedNeeds: readonly Need[] = needs;
          for (const revision of revisions) {
            const before = fold(projectDecider, events) as Exclude<ProjectState, { status: 'none' }>;
            const decided = projectDecider.decide(revise(revision.changes, revision.needs), before);
            for (const event of decided) {
              if (event.type === 'ProjectRevised') {
                // Only fields that differ from the state before are emitted.
                for (const [key, value] of Object.entries(event.data.changes)) {
                  expect(value).not.toEqual(before.details[key as keyof ProjectDetails] ?? '');
                }
              }
            }
            events = [...events, ...decided];
            expectedDetails = { ...expectedDetails, ...revision.changes };
            if (expectedDetails.description === '') delete expectedDetails.description;
            expectedNeeds = revision.needs ?? expectedNeeds;
            const after = fold(projectDecider, events);
            expect(after).toMatchObject({ status: pausedFirst ? 'paused' : 'active' });
            expect(after.status !== 'none' && after.details).toEqual(expectedDetails);
            expect(after.status !== 'none' && after.needs).toEqual(expectedNeeds);
            // Restating the same revision is a no-op.
            expect(projectDecider.decide(revise(revision.changes, revision.needs), after)).toEqual([]);
          }
        }),
        { numRuns: 100 },
      );
    });
  });
});
