/*
 * The small forms of the holder's project page (ask for an introduction, pause, close), read
 * and checked before the api is called, so a problem shows in words next to its field with
 * what was typed kept.
 */
import { CLOSE_REASONS } from '$vocabulary';
import type { Messages } from '$lib/i18n/messages';
import { RULES } from './project-rules';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const text = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

export type IntroductionRequest = { memberId: string; firstName: string; message: string };

/** The request for an introduction to one suggested partner, with an optional message. */
export function readIntroductionRequest(form: FormData, t: Messages): IntroductionRequest | (IntroductionRequest & { error: string }) {
  const request = {
    memberId: text(form, 'memberId'),
    firstName: text(form, 'firstName').slice(0, 60),
    message: text(form, 'message').trim(),
  };
  if (!UUID.test(request.memberId)) return { ...request, error: t.holder.view.askFailed };
  if (request.message.length > RULES.introductionMessage.max)
    return { ...request, error: t.holder.view.messageTooLong(RULES.introductionMessage.max) };
  return request;
}

/** The optional reason for a pause. */
export function readPauseReason(form: FormData, t: Messages): { reason: string } | { reason: string; error: string } {
  const reason = text(form, 'reason').trim();
  return reason.length > RULES.note.max ? { reason, error: t.holder.view.noteTooLong(RULES.note.max) } : { reason };
}

export type CloseReason = (typeof CLOSE_REASONS)[number];
export type CloseForm = { reason: string; note: string; errors: { id: 'reason' | 'note'; message: string }[] };

/** Closing for good: a reason from the list, and an optional note. */
export function readClose(form: FormData, t: Messages): CloseForm {
  const reason = text(form, 'reason');
  const note = text(form, 'note').trim();
  const errors: CloseForm['errors'] = [];
  if (!(CLOSE_REASONS as readonly string[]).includes(reason)) errors.push({ id: 'reason', message: t.holder.close.reasonMissing });
  if (note.length > RULES.note.max) errors.push({ id: 'note', message: t.holder.view.noteTooLong(RULES.note.max) });
  return { reason, note, errors };
}
