/** Every BullMQ queue name, in one place (DESIGN.md: BullMQ only for side effects). */
export const QUEUES = {
  /** One job per email to send now; job ids derive from the fact being notified. */
  email: 'email',
  /** Repeatable ticks (daily, weekly) that turn pending digest items into digest emails. */
  digest: 'digest',
  /** One job per sign-in link to email; the job id derives from the sign-in request. */
  signIn: 'sign-in',
  /** One job per introduction email (request, approval, introduced…); ids derive from the step. */
  introductionEmail: 'introduction-email',
  /** Delayed jobs of the introduction workflow (reminders, escalation, expiry), run by the matcher. */
  introductionTimers: 'introduction-timers',
  /** One job per confirmation email (double opt-in); the job id derives from the request. */
  confirmation: 'member-confirmation',
  /** One job per "change my email" link, to the new address; the job id derives from the request. */
  emailChange: 'member-email-change',
  /** One delayed job per unconfirmed member: erased if still unconfirmed when due; run by the matcher. */
  memberTimers: 'member-timers',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
