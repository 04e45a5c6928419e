import { describe, expect, it } from '@jest/globals';
import { anchorAfter, applyNeedsAction, emptyNeed, type NeedRow, parseAction } from './needs-editor';

const row = (role: string, skills = [`${role}-skill`], hours = '4', count = '1'): NeedRow => ({ role, skills, hours, count });

describe('the needs editor’s buttons', () => {
  it('reads each named button, and anything else as saving', () => {
    expect(parseAction('addNeed')).toEqual({ type: 'addNeed' });
    expect(parseAction('removeNeed:2')).toEqual({ type: 'removeNeed', index: 2 });
    expect(parseAction('moveUp:1')).toEqual({ type: 'moveUp', index: 1 });
    expect(parseAction('moveDown:0')).toEqual({ type: 'moveDown', index: 0 });
    expect(parseAction('addSkill:3')).toEqual({ type: 'addSkill', index: 3 });
    for (const other of [null, undefined, '', 'save', 'removeNeed', 'removeNeed:x', 'removeNeed:-1', 'moveUp:123', 'drop:1']) {
      expect(parseAction(other)).toEqual({ type: 'save' });
    }
  });

  it('adds an empty row at the end, keeping what was typed in the others, up to 10 rows', () => {
    const needs = [row('maraîcher·e', ['maraîchage', 'irrigation'], '8', '2')];
    const after = applyNeedsAction(needs, { type: 'addNeed' });
    expect(after).toEqual([needs[0], emptyNeed()]);
    const ten = Array.from({ length: 10 }, (_, i) => row(`r${i}`));
    expect(applyNeedsAction(ten, { type: 'addNeed' })).toHaveLength(10);
  });

  it('removes the row asked for, the others unchanged; the last row is emptied instead', () => {
    const needs = [row('a'), row('b'), row('c')];
    expect(applyNeedsAction(needs, { type: 'removeNeed', index: 1 })).toEqual([row('a'), row('c')]);
    expect(applyNeedsAction([row('a')], { type: 'removeNeed', index: 0 })).toEqual([emptyNeed()]);
    expect(applyNeedsAction(needs, { type: 'removeNeed', index: 5 })).toEqual(needs);
  });

  it('moves a row up or down with everything typed in it; nothing moves past an end', () => {
    const needs = [row('a', ['x', 'y'], '3', '2'), row('b'), row('c')];
    expect(applyNeedsAction(needs, { type: 'moveUp', index: 2 }).map((n) => n.role)).toEqual(['a', 'c', 'b']);
    expect(applyNeedsAction(needs, { type: 'moveDown', index: 0 })).toEqual([row('b'), row('a', ['x', 'y'], '3', '2'), row('c')]);
    expect(applyNeedsAction(needs, { type: 'moveUp', index: 0 })).toEqual(needs);
    expect(applyNeedsAction(needs, { type: 'moveDown', index: 2 })).toEqual(needs);
  });

  it('adds a skill field to one row only, up to 20', () => {
    const needs = [row('a', ['x']), row('b', ['y'])];
    expect(applyNeedsAction(needs, { type: 'addSkill', index: 1 })).toEqual([row('a', ['x']), row('b', ['y', ''])]);
    const full = [
      row(
        'a',
        Array.from({ length: 20 }, (_, i) => `s${i}`),
      ),
    ];
    expect(applyNeedsAction(full, { type: 'addSkill', index: 0 })[0].skills).toHaveLength(20);
  });

  it('never changes the rows it was given', () => {
    const needs = [row('a'), row('b')];
    const copy = structuredClone(needs);
    applyNeedsAction(needs, { type: 'moveDown', index: 0 });
    applyNeedsAction(needs, { type: 'addSkill', index: 0 });
    expect(needs).toEqual(copy);
  });

  it('opens the page where the row went', () => {
    expect(anchorAfter({ type: 'addNeed' }, 3)).toBe('need-2');
    expect(anchorAfter({ type: 'moveUp', index: 2 }, 3)).toBe('need-1');
    expect(anchorAfter({ type: 'moveDown', index: 2 }, 3)).toBe('need-2');
    expect(anchorAfter({ type: 'removeNeed', index: 1 }, 2)).toBe('besoins');
  });
});
