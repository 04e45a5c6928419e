import type { RequestEvent } from '@sveltejs/kit';
import { requireSession } from '../require-session';

/**
 * The member whose space this is: the session's first member account (one address may own
 * several; the sign-in keeps the live one first). Undefined for a session without a member
 * profile (an admin or a referent only).
 */
export function currentMemberId(event: Pick<RequestEvent, 'locals' | 'url'>): string | undefined {
  return requireSession(event).memberIds[0];
}
