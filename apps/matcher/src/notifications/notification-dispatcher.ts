import { Inject, Injectable, Logger } from '@nestjs/common';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { EmailEnqueuer, NotificationRecords, PartnerBatches, partnersEmailJob } from '@trame/messaging';
import {
  type MemberProfile,
  type MemberRecommendations,
  type ProjectCard,
  type ProjectRecommendations,
  READ_MODEL_STORE,
  type ReadModelStore,
} from '@trame/read-models';
import { decideNotifications, factsOf, type ProjectInfo, type Recipient } from './notification-decisions';

/**
 * Turns published recommendation lists into notifications: reads who the recipients are
 * and what is already settled, decides (pure), then queues. Every write is idempotent by
 * fact id (BullMQ job id, digest item field, skipped record), so a crash between them and
 * a replay of the same lists neither loses nor doubles a notification.
 */
@Injectable()
export class NotificationDispatcher {
  private readonly logger = new Logger('Notifications');

  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly records: NotificationRecords,
    private readonly emails: EmailEnqueuer,
    private readonly partnerBatches: PartnerBatches,
    @Inject(TRAME_CONFIG) private readonly config: Pick<TrameConfig, 'HOLDER_BATCH_WINDOW_SECONDS'>,
  ) {}

  async dispatch(projects: readonly ProjectRecommendations[], members: readonly MemberRecommendations[], now: Date): Promise<void> {
    if (projects.length === 0 && members.length === 0) return;
    const cards = await this.readModels.collection<ProjectCard>('project_cards').getMany(projects.map((p) => p.projectId));
    const projectInfo = new Map<string, ProjectInfo>(cards.map((c) => [c._id, { holderId: c.holderId, title: c.title }]));
    const facts = factsOf({ projects, members, projectInfo });
    if (facts.length === 0) return;
    const settled = await this.records.settledAmong(facts);
    const recipientIds = new Set<string>(members.map((m) => m.memberId));
    for (const info of projectInfo.values()) recipientIds.add(info.holderId);
    const profiles = await this.readModels.collection<MemberProfile>('member_profiles').getMany([...recipientIds]);
    const recipients = new Map<string, Recipient>(profiles.map((p) => [p._id, { notify: p.notify, firstName: p.firstName }]));

    const holderWindowSeconds = this.config.HOLDER_BATCH_WINDOW_SECONDS;
    const decisions = decideNotifications({ projects, members, projectInfo, recipients, settled, now, holderWindowSeconds });
    await this.emails.enqueueMany(decisions.instant);
    await this.records.addDigestItems(decisions.digest);
    await this.records.markSkippedMany(decisions.skipped);
    let batched = 0;
    for (const batch of decisions.partnerBatches) {
      // The window's job is added on every visit: a crash between the two writes leaves an
      // open window without a job only until the unsettled facts are dispatched again.
      const windowStart = await this.partnerBatches.add(batch.holderId, batch.projectId, batch.items, now);
      if (windowStart === null) continue;
      const { job, delayMs } = partnersEmailJob(batch.holderId, batch.projectId, windowStart, batch.windowSeconds, now);
      await this.emails.enqueueDelayed(job, delayMs);
      batched += batch.items.length;
    }
    const queued = decisions.instant.length + decisions.digest.length + batched;
    if (queued > 0) {
      this.logger.log(
        `${decisions.instant.length} instant emails queued, ${decisions.digest.length} digest items, ${batched} partners batched`,
      );
    }
  }
}
