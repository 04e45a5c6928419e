import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { InvalidStateError, memberDecider, NotFoundError, NotYetDueError, streamId } from '@trame/domain';
import { EVENT_STORE, type EventStore, handleCommand } from '@trame/event-store';
import { type UnconfirmedErasureJob, type UnconfirmedErasureJobResult, QUEUES } from '@trame/messaging';
import { KEY_STORE, type KeyStore } from '@trame/personal-data';

/**
 * Erases a member whose address is still unconfirmed when their timer falls due, exactly as
 * an erasure asked for by the member: `MemberErased` (with reason `unconfirmed`), then their
 * key deleted; the matcher's erasure reactions follow from the event. The decider has the
 * last word: too early (the delay was lengthened) goes back to the delayed set until the
 * deadline it names; a confirmed, erased or unknown member completes quietly.
 */
@Processor(QUEUES.memberTimers, { lockDuration: 30_000, stalledInterval: 30_000, maxStalledCount: 3 })
export class UnconfirmedErasureProcessor extends WorkerHost {
  private readonly logger = new Logger('UnconfirmedErasure');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
  ) {
    super();
  }

  async process(job: Job<UnconfirmedErasureJob>, token?: string): Promise<UnconfirmedErasureJobResult> {
    const { memberId } = job.data;
    try {
      const { newEvents } = await handleCommand(this.store, streamId('member', memberId), memberDecider, {
        type: 'EraseUnconfirmedMember',
        data: { memberId, confirmWithinSeconds: this.config.MEMBER_CONFIRMATION_SECONDS },
        metadata: { now: new Date() },
      });
      if (newEvents.length === 0) return { status: 'obsolete', reason: 'confirmed' };
      await this.keys.deleteKey(memberId);
      this.logger.log(`${job.id}: erased, address not confirmed in time`);
      return { status: 'erased' };
    } catch (error) {
      if (error instanceof NotYetDueError) {
        // Back to the delayed set until the decider's own deadline, without using an attempt.
        await job.moveToDelayed(Math.max(Date.parse(error.dueAt), Date.now()), token);
        throw new DelayedError();
      }
      if (error instanceof InvalidStateError) {
        // Erased already: finish a key deletion a crash may have interrupted (as DELETE /v1/members/:id does).
        await this.keys.deleteKey(memberId);
        return { status: 'obsolete', reason: 'erased' };
      }
      if (error instanceof NotFoundError) return { status: 'obsolete', reason: 'unknown-member' };
      throw error;
    }
  }
}
