import { InvalidStateError, RuleViolationError } from '../shared/errors';
import type { MemberState } from '../member/member.decider';
import type { ProjectState } from '../project/project.decider';
import { assertIntroductionMayBeRequested, type IntroductionRequestFacts } from './introduction-request.policy';
import { assertProjectAllowsIntroductionStep } from './introduction-project.policy';
import type { PairIntroduction } from './introduction.policy';

// The policies read statuses only: the rest of each state is irrelevant here.
const project = (status: ProjectState['status']) => ({ status }) as ProjectState;
const member = (status: MemberState['status']) => ({ status }) as MemberState;
const now = new Date('2026-05-01T00:00:00.000Z');

const facts = (over: Partial<IntroductionRequestFacts> = {}): IntroductionRequestFacts => ({
  project: project('active'),
  member: member('active'),
  pair: [],
  now,
  ...over,
});

/** The fields a refused request names, or the error itself when it is not a rule violation. */
const refusal = (input: IntroductionRequestFacts): string[] | Error | undefined => {
  try {
    assertIntroductionMayBeRequested(input);
    return undefined;
  } catch (error) {
    return error instanceof RuleViolationError ? error.violations.map((v) => v.field) : (error as Error);
  }
};

describe('assertIntroductionMayBeRequested', () => {
  it('given an active project and member and a new pair, when requested, then allowed', () => {
    expect(refusal(facts())).toBeUndefined();
  });

  it.each(['none', 'paused', 'closed'] as const)('given a project %s, when requested, then 422 naming projectId', (status) => {
    expect(refusal(facts({ project: project(status) }))).toEqual(['projectId']);
  });

  it('names the paused and the closed project apart, in French then English', () => {
    expect(() => assertIntroductionMayBeRequested(facts({ project: project('paused') }))).toThrow('projet en pause / project paused');
    expect(() => assertIntroductionMayBeRequested(facts({ project: project('closed') }))).toThrow('projet clos / project closed');
  });

  it.each(['none', 'erased'] as const)('given a member %s, when requested, then 422 naming memberId', (status) => {
    expect(refusal(facts({ member: member(status) }))).toEqual(['memberId']);
  });

  it('names both when both are wrong, before looking at the pair', () => {
    const pair: PairIntroduction[] = [{ status: 'introduced', endedAt: '2026-01-01T00:00:00.000Z' }];
    expect(refusal(facts({ project: project('closed'), member: member('erased'), pair }))).toEqual(['projectId', 'memberId']);
  });

  it('given an introduced pair, when requested again, then 409 "already introduced"', () => {
    const pair: PairIntroduction[] = [{ status: 'introduced', endedAt: '2025-01-01T00:00:00.000Z' }];
    const error = refusal(facts({ pair }));
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as Error).message).toMatch(/already introduced/);
  });

  it('given a decline 10 days ago, when requested, then 422 naming memberId (the 90-day block)', () => {
    const pair: PairIntroduction[] = [{ status: 'declined', endedAt: '2026-04-21T00:00:00.000Z' }];
    expect(refusal(facts({ pair }))).toEqual(['memberId']);
  });
});

describe('assertProjectAllowsIntroductionStep', () => {
  it('given an active project, a decision may be taken', () => {
    expect(() => assertProjectAllowsIntroductionStep(project('active'))).not.toThrow();
  });

  it('given a paused project, a decision is a 409: the introduction waits', () => {
    expect(() => assertProjectAllowsIntroductionStep(project('paused'))).toThrow(InvalidStateError);
    expect(() => assertProjectAllowsIntroductionStep(project('paused'))).toThrow(/en pause .* paused/);
  });

  it('given a closed project, a decision is a 409: the introduction has ended', () => {
    expect(() => assertProjectAllowsIntroductionStep(project('closed'))).toThrow(/clos .* closed/);
  });
});
