import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { unconfirmedDeadline } from '@trame/domain';
import { QUEUES, type UnconfirmedErasureJob, type UnconfirmedErasureJobResult, unconfirmedErasureJobOptions } from '@trame/messaging';

export type UnconfirmedErasureQueue = Queue<UnconfirmedErasureJob, UnconfirmedErasureJobResult>;

/**
 * Plans the erasure timer of members registered unconfirmed: one delayed job per member
 * (deterministic id), due MEMBER_CONFIRMATION_SECONDS after registering. Planning again (a
 * replay of the log, Redis coming back empty) adds nothing while the job exists; one planned
 * again after it ran finds the member confirmed or erased and does nothing.
 */
@Injectable()
export class UnconfirmedErasurePlanner {
  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    @InjectQueue(QUEUES.memberTimers) private readonly queue: UnconfirmedErasureQueue,
  ) {}

  async plan(members: readonly { memberId: string; registeredAt: string }[], now = new Date()): Promise<number> {
    if (members.length === 0) return 0;
    const jobs = members.map(({ memberId, registeredAt }): UnconfirmedErasureJob => ({
      memberId,
      dueAt: unconfirmedDeadline(registeredAt, this.config.MEMBER_CONFIRMATION_SECONDS),
    }));
    await this.queue.addBulk(jobs.map((job) => ({ name: 'erase-unconfirmed', data: job, opts: unconfirmedErasureJobOptions(job, now) })));
    return jobs.length;
  }
}
