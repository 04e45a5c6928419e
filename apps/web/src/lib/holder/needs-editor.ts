/*
 * The needs editor without JavaScript: each button of the form is a named submit button
 * (`name="action"`), and the server re-renders the same form with the change made and every
 * typed value kept. This module reads the button and applies its change to the rows.
 */
import { RULES } from './project-rules';

/** One role the project looks for, as typed (text, not yet checked). */
export type NeedRow = { role: string; skills: string[]; hours: string; count: string };

export type FormAction =
  | { type: 'save' }
  | { type: 'addNeed' }
  | { type: 'removeNeed'; index: number }
  | { type: 'moveUp'; index: number }
  | { type: 'moveDown'; index: number }
  | { type: 'addSkill'; index: number };

/** Empty skill fields shown in a new row (more come with "Ajouter une compétence"). */
export const SKILL_SLOTS = 2;
/** A row never shows more skill fields than the rule allows. */
const MAX_SKILL_FIELDS = RULES.needSkills.max;

export const emptyNeed = (): NeedRow => ({ role: '', skills: Array.from({ length: SKILL_SLOTS }, () => ''), hours: '', count: '' });

const INDEXED = /^(removeNeed|moveUp|moveDown|addSkill):(\d{1,2})$/;

/** The button pressed (`action=…`); anything else, Enter in a field included, saves. */
export function parseAction(value: unknown): FormAction {
  if (value === 'addNeed') return { type: 'addNeed' };
  if (typeof value !== 'string') return { type: 'save' };
  const m = INDEXED.exec(value);
  if (!m) return { type: 'save' };
  return { type: m[1] as 'removeNeed' | 'moveUp' | 'moveDown' | 'addSkill', index: Number(m[2]) };
}

/**
 * The rows after the button's change; an index outside the rows changes nothing. The last row
 * is never removed (it is emptied instead): a project needs at least one role.
 */
export function applyNeedsAction(needs: readonly NeedRow[], action: FormAction): NeedRow[] {
  const rows = needs.map((n) => ({ ...n, skills: [...n.skills] }));
  if (action.type === 'save') return rows;
  if (action.type === 'addNeed') return rows.length >= RULES.needs.max ? rows : [...rows, emptyNeed()];
  const i = action.index;
  if (i < 0 || i >= rows.length) return rows;
  switch (action.type) {
    case 'removeNeed':
      return rows.length === 1 ? [emptyNeed()] : rows.filter((_, k) => k !== i);
    case 'moveUp':
      if (i > 0) [rows[i - 1], rows[i]] = [rows[i], rows[i - 1]];
      return rows;
    case 'moveDown':
      if (i < rows.length - 1) [rows[i], rows[i + 1]] = [rows[i + 1], rows[i]];
      return rows;
    case 'addSkill':
      if (rows[i].skills.length < MAX_SKILL_FIELDS) rows[i].skills.push('');
      return rows;
  }
}

/** Where the page should open after the change: the row that moved or was added, else the needs. */
export function anchorAfter(action: FormAction, rowCount: number): string {
  switch (action.type) {
    case 'addNeed':
      return `need-${rowCount - 1}`;
    case 'moveUp':
      return `need-${Math.max(0, action.index - 1)}`;
    case 'moveDown':
      return `need-${Math.min(rowCount - 1, action.index + 1)}`;
    case 'addSkill':
      return `need-${action.index}`;
    default:
      return 'besoins';
  }
}
