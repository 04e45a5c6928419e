import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, type PairIntroduction } from '@trame/domain';
import {
  INTRODUCTIONS,
  type IntroductionView,
  type MemberProfile,
  type ProjectCard,
  READ_MODEL_STORE,
  type ReadModelDocument,
  type ReadModelStore,
  type ReferentView,
} from '@trame/read-models';

type IntroductionDoc = ReadModelDocument<IntroductionView>;

/** Relative URLs of the workflow actions (a session is then needed; emails carry signed links). */
export const actionUrls = (introductionId: string, actions: readonly string[]) =>
  Object.fromEntries(actions.map((a) => [a, `/v1/introductions/${introductionId}/${a}`]));

/**
 * Reads of the introductions read model, joined with the project cards, member profiles
 * and referents for titles and first names. Only ids, first names, titles, statuses, times
 * and referents' notes leave: never an email, a full name or the sealed message.
 */
@Injectable()
export class IntroductionQueries {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  private get introductions() {
    return this.store.collection<IntroductionView>(INTRODUCTIONS);
  }

  /** Every introduction of a (project, member) pair, oldest first. */
  pair(projectId: string, memberId: string): Promise<IntroductionDoc[]> {
    return this.introductions.find({ projectId, memberId }, { sort: { requestedAt: 1 } });
  }

  /** What `pairPolicy` needs from a pair's introductions. */
  static pairHistory(docs: readonly IntroductionDoc[]): PairIntroduction[] {
    return docs.map((d) =>
      d.status === 'awaiting-referent' || d.status === 'awaiting-consent'
        ? { status: d.status }
        : { status: d.status, endedAt: d.endedAt ?? d.updatedAt },
    );
  }

  async get(introductionId: string): Promise<IntroductionDoc> {
    const doc = await this.introductions.get(introductionId);
    if (!doc) throw new NotFoundError('introduction', introductionId);
    return doc;
  }

  /** GET /v1/introductions/:id */
  async view(doc: IntroductionDoc) {
    const [project, member, referent] = await Promise.all([
      this.store.collection<ProjectCard>('project_cards').get(doc.projectId),
      this.store.collection<MemberProfile>('member_profiles').get(doc.memberId),
      doc.assignment.level === 'admin' ? null : this.store.collection<ReferentView>('referents').get(doc.assignment.referentId),
    ]);
    return {
      id: doc.introductionId,
      status: doc.status,
      requestedBy: doc.requestedBy,
      consentingParty: doc.consentingParty,
      project: { id: doc.projectId, title: project?.title ?? null },
      // An erased member has no profile any more: the id stays, the name is gone.
      member: { id: doc.memberId, firstName: member?.firstName ?? null },
      referent:
        doc.assignment.level === 'admin'
          ? { level: 'admin' as const }
          : { id: doc.assignment.referentId, firstName: referent?.firstName ?? null, level: doc.assignment.level },
      requestedAt: doc.requestedAt,
      assignedAt: doc.assignedAt,
      ...(doc.approvedAt ? { approvedAt: doc.approvedAt } : {}),
      ...(doc.endedAt ? { endedAt: doc.endedAt } : {}),
      ...(doc.heldSince ? { heldSince: doc.heldSince } : {}),
      ...(doc.endReason ? { endReason: doc.endReason } : {}),
      updatedAt: doc.updatedAt,
      history: doc.history,
    };
  }

  /** GET /v1/projects/:id/introductions: every introduction of a project, newest first, as `view` shows each. */
  async forProject(projectId: string) {
    const docs = await this.introductions.find({ projectId }, { sort: { requestedAt: -1 } });
    return { projectId, items: await Promise.all(docs.map((d) => this.view(d))) };
  }

  /** GET /v1/referents/:id/inbox: introductions assigned to this referent and awaiting them, oldest first. */
  async inbox(referentId: string) {
    const docs = await this.introductions.find(
      { 'assignment.referentId': referentId, status: 'awaiting-referent' },
      { sort: { requestedAt: 1 } },
    );
    const [projects, members] = await Promise.all([
      this.store.collection<ProjectCard>('project_cards').getMany([...new Set(docs.map((d) => d.projectId))]),
      this.store.collection<MemberProfile>('member_profiles').getMany([...new Set(docs.map((d) => d.memberId))]),
    ]);
    const titles = new Map(projects.map((p) => [p._id, p.title]));
    const firstNames = new Map(members.map((m) => [m._id, m.firstName]));
    return {
      referentId,
      items: docs.map((d) => ({
        id: d.introductionId,
        project: { id: d.projectId, title: titles.get(d.projectId) ?? null },
        member: { id: d.memberId, firstName: firstNames.get(d.memberId) ?? null },
        requestedBy: d.requestedBy,
        requestedAt: d.requestedAt,
        assignedAt: d.assignedAt,
        level: d.assignment.level,
        actions: actionUrls(d.introductionId, ['approve', 'decline']),
      })),
    };
  }

  /** For the inbox of an unknown id: 404 rather than an empty list. */
  async referentExists(referentId: string): Promise<boolean> {
    return (await this.store.collection<ReferentView>('referents').get(referentId)) !== null;
  }
}
