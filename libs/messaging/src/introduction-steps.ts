import type { Assignment, IntroductionEvent, IntroductionState } from '@trame/domain';

const sameAssignment = (a: Assignment, b: Assignment): boolean => a.level === b.level && a.referentId === b.referentId;

/**
 * Whether what `event` asked of someone still stands, given the introduction's latest state
 * (`head`): a request or reminder only while the same assignment still waits, an approval or
 * a party reminder only while consent is awaited, an outcome once reached. The matcher plans
 * no email for a step the introduction has moved past (a catch-up or rebuild re-reading old
 * events), and the notifier drops one that became stale while it waited in the queue.
 */
export function isIntroductionEventCurrent(event: IntroductionEvent, head: IntroductionState): boolean {
  if (head.status === 'none') return false;
  switch (event.type) {
    case 'IntroductionRequested':
      return head.status === 'awaiting-referent' && sameAssignment(head.assignment, event.data.assignment);
    case 'IntroductionEscalated':
      return head.status === 'awaiting-referent' && sameAssignment(head.assignment, event.data.to);
    case 'IntroductionReminded':
      return event.data.target === 'referent'
        ? head.status === 'awaiting-referent' && sameAssignment(head.assignment, event.data.assignment)
        : head.status === 'awaiting-consent';
    case 'IntroductionApproved':
      return head.status === 'awaiting-consent';
    case 'IntroductionAccepted':
      return head.status === 'introduced';
    case 'IntroductionDeclined':
      return head.status === 'declined';
    case 'IntroductionRefused':
      return head.status === 'refused';
    case 'IntroductionExpired':
      return head.status === 'expired';
    case 'IntroductionEnded':
      return head.status === 'ended';
    case 'IntroductionWithdrawn':
      return head.status === 'withdrawn';
    // A resend is asked for once the pair is introduced, which is final.
    case 'IntroductionContactResent':
      return head.status === 'introduced';
    // Holding and resuming ask nothing of anyone (timers alone follow them).
    case 'IntroductionHeld':
    case 'IntroductionResumed':
      return false;
  }
}
