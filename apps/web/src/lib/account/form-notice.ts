import type { Messages } from '$lib/i18n/messages';

/** What a page says above its form after an api answer that is not about one field. */
export type FormNotice = { kind: 'wait'; minutes: number } | { kind: 'unavailable' } | { kind: 'resent' };

export function noticeText(t: Messages, notice: FormNotice | undefined): string | undefined {
  if (!notice) return undefined;
  if (notice.kind === 'wait') return t.account.wait(notice.minutes);
  if (notice.kind === 'resent') return t.account.checkInbox.resent;
  return t.account.unavailable;
}
