import type { NotifyFrequency } from '@trame/domain';
import type { MemberRecommendations, ProjectRecommendations } from '@trame/read-models';
import { type DigestItem, matchFactId, type MatchEmailJob, type MatchItem } from '@trame/messaging';

/** What the matcher knows of a recipient when deciding (from the member profile read model). */
export type Recipient = Readonly<{ notify: NotifyFrequency; firstName: string }>;

/** What the matcher knows of a project when deciding (from the project card read model). */
export type ProjectInfo = Readonly<{ holderId: string; title: string }>;

export type NotificationDecisions = {
  /** Instant emails to enqueue (job id = fact id). */
  instant: MatchEmailJob[];
  /** Items for the recipient's next daily or weekly digest. */
  digest: { memberId: string; item: DigestItem }[];
  /** Facts settled without an email (recipient on `never`, or unknown). */
  skipped: { factId: string; reason: string }[];
  /**
   * New partners for holders on `instant` when batching is on, one entry per holder and
   * project: they join the project's open batch, mailed as one email when its window closes.
   */
  partnerBatches: PartnerBatchDecision[];
};

export type PartnerBatchDecision = { holderId: string; projectId: string; windowSeconds: number; items: DigestItem[] };

export type DecisionInput = Readonly<{
  projects: readonly ProjectRecommendations[];
  members: readonly MemberRecommendations[];
  /** Holder and title of each project in `projects`. */
  projectInfo: ReadonlyMap<string, ProjectInfo>;
  recipients: ReadonlyMap<string, Recipient>;
  /** Facts already settled (sent or skipped): never decided twice. */
  settled: ReadonlySet<string>;
  now: Date;
  /** `HOLDER_BATCH_WINDOW_SECONDS`: 0 (or left out) mails a holder on `instant` each new partner at once. */
  holderWindowSeconds?: number;
}>;

/** Every fact the published lists show: a project in a member's list, a partner in a project's list. */
export const factsOf = (input: Pick<DecisionInput, 'projects' | 'members' | 'projectInfo'>): string[] => {
  const ids: string[] = [];
  for (const doc of input.members) for (const p of doc.projects) ids.push(matchFactId('member', p.projectId, doc.memberId));
  for (const doc of input.projects) {
    if (!input.projectInfo.has(doc.projectId)) continue;
    for (const m of doc.partners) ids.push(matchFactId('holder', doc.projectId, m.memberId));
  }
  return ids;
};

/**
 * Which notifications the published lists call for. A fact (this project for this member,
 * this partner for this project's holder) is decided once, the first time a list shows it:
 * emailed now, queued for a digest, or settled as skipped on `never`, per the recipient's
 * preference at that moment; a holder's new partners go into the project's batch instead of
 * one email each when `holderWindowSeconds` > 0. Facts already settled are left alone, so re-publishing lists
 * (restart, rebuild) decides nothing new. Pure: the caller reads and writes the records.
 */
export function decideNotifications(input: DecisionInput): NotificationDecisions {
  const out: NotificationDecisions = { instant: [], digest: [], skipped: [], partnerBatches: [] };
  const decidedAt = input.now.toISOString();
  const windowSeconds = input.holderWindowSeconds ?? 0;
  const batches = new Map<string, PartnerBatchDecision>();
  const seen = new Set<string>();
  const decide = (factId: string, recipientId: string, audience: 'member' | 'holder', match: MatchItem) => {
    if (input.settled.has(factId) || seen.has(factId)) return;
    seen.add(factId);
    const recipient = input.recipients.get(recipientId);
    if (!recipient) out.skipped.push({ factId, reason: 'unknown-recipient' });
    else if (recipient.notify === 'never') out.skipped.push({ factId, reason: 'never' });
    else if (recipient.notify === 'instant' && audience === 'holder' && windowSeconds > 0) {
      const key = `${recipientId}.${match.projectId}`;
      const batch = batches.get(key) ?? { holderId: recipientId, projectId: match.projectId, windowSeconds, items: [] };
      batches.set(key, batch);
      batch.items.push({ ...match, audience, factId, decidedAt });
    } else if (recipient.notify === 'instant') {
      out.instant.push({ kind: 'match', factId, audience, recipientId, match, decidedAt });
    } else out.digest.push({ memberId: recipientId, item: { ...match, audience, factId, decidedAt } });
  };
  for (const doc of input.members) {
    for (const p of doc.projects) {
      decide(matchFactId('member', p.projectId, doc.memberId), doc.memberId, 'member', {
        projectId: p.projectId,
        projectTitle: p.title,
        memberId: doc.memberId,
        memberFirstName: input.recipients.get(doc.memberId)?.firstName ?? '',
        role: p.role,
        score: p.score,
        // A kilometre figure only for a circle: an area or a remote project is said in the reasons.
        distanceKm: p.details.place.kind === 'radius' ? p.distanceKm : null,
        reasons: p.reasons,
      });
    }
  }
  for (const doc of input.projects) {
    const info = input.projectInfo.get(doc.projectId);
    if (info === undefined) continue;
    for (const m of doc.partners) {
      decide(matchFactId('holder', doc.projectId, m.memberId), info.holderId, 'holder', {
        projectId: doc.projectId,
        projectTitle: info.title,
        memberId: m.memberId,
        memberFirstName: m.firstName,
        role: m.role,
        score: m.score,
        distanceKm: m.details.place.kind === 'radius' ? m.distanceKm : null,
        reasons: m.reasons,
      });
    }
  }
  out.partnerBatches = [...batches.values()];
  return out;
}
