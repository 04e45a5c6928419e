/** Every BullMQ queue name, in one place (DESIGN.md: BullMQ only for side effects). */
export const QUEUES = {
  /** One job per email to send; job ids derive from the fact being notified. */
  email: 'email',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
