import type { RecordedEvent } from '@trame/event-store';
import { MatchingEngine } from '@trame/matching';
import { memberRegistered, NOW, projectProposed } from '../../../../libs/matching/src/matching.fixtures';
import { MemberConfirmationGate } from './member-confirmation-gate';

let position = 0;
const recorded = (event: { type: string; data: unknown }): RecordedEvent =>
  ({ ...event, position: ++position, revision: 0, streamId: 'x', id: `e${position}`, metadata: {} }) as unknown as RecordedEvent;

/** A registration since double opt-in. */
const unconfirmed = (memberId: string, overrides: Parameters<typeof memberRegistered>[1] = {}) => {
  const event = memberRegistered(memberId, overrides);
  return recorded({ ...event, data: { ...event.data, confirmationRequired: true } });
};
const confirmed = (memberId: string) => recorded({ type: 'MemberConfirmed', data: { memberId, confirmedAt: NOW.toISOString() } });

describe('MemberConfirmationGate: a member enters the matching engine on confirmation', () => {
  const partnersOf = (gate: MemberConfirmationGate, engine: MatchingEngine, batch: RecordedEvent[]) => {
    engine.applyAll(gate.filter(batch), NOW);
    return engine.topPartners('p1').map((p) => p.memberId);
  };

  it('keeps an unconfirmed member out of every list, then lets them in with the profile they have by then', () => {
    const gate = new MemberConfirmationGate();
    const engine = new MatchingEngine({ now: NOW });
    expect(partnersOf(gate, engine, [recorded(projectProposed('p1')), unconfirmed('new', { skills: ['vannerie'] })])).toEqual([]);
    expect(engine.memberIds()).toEqual([]);
    expect([...gate.unconfirmed.keys()]).toEqual(['new']);
    // Changed before confirming: held too, and what enters the engine is the latest profile.
    const skills = recorded({
      type: 'MemberSkillsDeclared',
      data: { memberId: 'new', skills: ['maraîchage'], declaredAt: NOW.toISOString() },
    });
    expect(partnersOf(gate, engine, [skills])).toEqual([]);
    expect(partnersOf(gate, engine, [confirmed('new')])).toEqual(['new']);
    expect(engine.topPartners('p1')[0].skillsMatched).toEqual(['maraîchage']);
    expect(gate.unconfirmed.size).toBe(0);
  });

  it('passes a registration from before double opt-in straight through, and ignores a confirmation of it', () => {
    const gate = new MemberConfirmationGate();
    const engine = new MatchingEngine({ now: NOW });
    expect(partnersOf(gate, engine, [recorded(projectProposed('p1')), recorded(memberRegistered('old'))])).toEqual(['old']);
    expect(gate.filter([confirmed('old')])).toEqual([]);
  });

  it('forgets an unconfirmed member erased (at the deadline or by themselves), and keeps no sealed data', () => {
    const gate = new MemberConfirmationGate();
    gate.filter([unconfirmed('gone')]);
    expect(JSON.stringify([...gate.unconfirmed.values()])).not.toContain('sealed:secret');
    const erased = recorded({ type: 'MemberErased', data: { memberId: 'gone', erasedAt: NOW.toISOString(), reason: 'unconfirmed' } });
    expect(gate.filter([erased])).toEqual([erased]);
    expect(gate.unconfirmed.size).toBe(0);
    expect(gate.filter([confirmed('gone')])).toEqual([]);
  });
});
