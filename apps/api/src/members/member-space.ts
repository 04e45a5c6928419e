import { Inject, Injectable } from '@nestjs/common';
import { type ActiveMemberState, type IntroductionRequested, type MemberPersonalData, NotFoundError, streamId } from '@trame/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@trame/event-store';
import { PersonalDataCipher } from '@trame/personal-data';
import {
  INTRODUCTIONS,
  type IntroductionView,
  MEMBER_RECOMMENDATIONS,
  type MemberRecommendations,
  type ProjectCard,
  READ_MODEL_STORE,
  type ReadModelDocument,
  type ReadModelStore,
} from '@trame/read-models';
import { AccountDirectory } from '../auth/account-directory';
import { CLOCK, type Clock } from '../shared/clock';

/** A project card as the api shows it (storage fields stripped). */
const cardView = ({ _id, _position, geoCell: _geoCell, ...card }: ReadModelDocument<ProjectCard>) => ({ id: _id, ...card });

/** An event as the export lists it: what happened, when, and its data (sealed fields opened). */
const eventView = (e: RecordedEvent, data: unknown = e.data) => ({ type: e.type, recordedAt: e.recordedAt.toISOString(), data });

/** The last name: the full name without its first word (the first name, kept in clear). */
const lastNameOf = (displayName: string): string => displayName.trim().split(/\s+/).slice(1).join(' ');

/**
 * What a member reads of themself in "my space": their own profile with their contact
 * details opened, the projects they hold, and the export of everything Trame holds about
 * them (GDPR access and portability). The callers check that the session is the member's.
 * The profile and the export's history come from the streams (strongly consistent, and where
 * the sealed data is); lists come from the read models.
 */
@Injectable()
export class MemberSpace {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly cipher: PersonalDataCipher,
    private readonly directory: AccountDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The member's full profile: 404 for an unknown or erased member (nothing is left to show). */
  async profile(memberId: string) {
    const state = await this.directory.member(memberId);
    if (state.status !== 'active') throw new NotFoundError('member', memberId);
    const contact = await this.cipher.open<MemberPersonalData>(memberId, state.pii);
    // The key is gone only with an erasure under way: the same as erased.
    if (!contact) throw new NotFoundError('member', memberId);
    return this.profileOf(state, contact);
  }

  /** The projects the member holds, every status, newest first. */
  async projects(memberId: string) {
    const cards = await this.readModels.collection<ProjectCard>('project_cards').find({ holderId: memberId }, { sort: { proposedAt: -1 } });
    return { memberId, items: cards.map(cardView) };
  }

  /** Everything Trame holds about the member, opened: one JSON document for them to keep. */
  async export(memberId: string) {
    const profile = await this.profile(memberId);
    const { events } = await this.store.readStream(streamId('member', memberId));
    const { items: projects } = await this.projects(memberId);
    const projectHistories = await Promise.all(
      projects.map(async (p) => ({
        ...p,
        events: (await this.store.readStream(streamId('project', p.id))).events.map((e) => eventView(e)),
      })),
    );
    const recommendations = await this.readModels.collection<MemberRecommendations>(MEMBER_RECOMMENDATIONS).get(memberId);
    return {
      format: 'trame-member-export' as const,
      version: 1 as const,
      exportedAt: this.clock().toISOString(),
      memberId,
      profile,
      events: await Promise.all(events.map((e) => this.openedEvent(memberId, e))),
      projects: projectHistories,
      introductions: await this.introductions(memberId),
      recommendations: recommendations?.projects ?? [],
    };
  }

  private profileOf(state: ActiveMemberState, contact: MemberPersonalData) {
    // What memberView shows of an active member, plus the opened contact.
    const { pii: _pii, emailChange: _emailChange, memberId: id, ...facets } = state;
    return { id, ...facets, displayName: contact.displayName, lastName: lastNameOf(contact.displayName), email: contact.email };
  }

  /** A member event with its sealed `pii` replaced by what it holds (the key is the member's own). */
  private async openedEvent(memberId: string, e: RecordedEvent) {
    const data = e.data as Record<string, unknown>;
    if (typeof data?.pii !== 'string') return eventView(e);
    const { pii, ...rest } = data;
    return eventView(e, { ...rest, personalData: await this.cipher.open<MemberPersonalData>(memberId, pii) });
  }

  /**
   * The member's introductions, on either side: the project, the other party by first name
   * only (null once erased), the status and its history (types, dates, referents' notes), and
   * the message the member wrote if they asked. Also "my introductions" (GET /v1/members/:id/introductions).
   */
  async introductions(memberId: string) {
    const collection = this.readModels.collection<IntroductionView>(INTRODUCTIONS);
    const [asMember, asHolder] = await Promise.all([
      collection.find({ memberId }, { sort: { requestedAt: 1 } }),
      collection.find({ holderId: memberId }, { sort: { requestedAt: 1 } }),
    ]);
    const cards = this.readModels.collection<ProjectCard>('project_cards');
    return Promise.all(
      [...asMember, ...asHolder].map(async (doc) => {
        const side = doc.memberId === memberId ? ('member' as const) : ('holder' as const);
        const other = await this.directory.member(side === 'member' ? doc.holderId : doc.memberId);
        return {
          id: doc.introductionId,
          side,
          project: { id: doc.projectId, title: (await cards.get(doc.projectId))?.title ?? null },
          otherParty: { firstName: other.status === 'active' ? other.firstName : null },
          requestedByYou: doc.requesterId === memberId,
          status: doc.status,
          requestedAt: doc.requestedAt,
          ...(doc.endedAt ? { endedAt: doc.endedAt } : {}),
          history: doc.history.map((h) => ({ type: h.type, at: h.at, ...(h.note ? { note: h.note } : {}) })),
          ...(doc.requesterId === memberId ? { yourMessage: await this.messageOf(doc.introductionId, memberId) } : {}),
        };
      }),
    );
  }

  private async messageOf(introductionId: string, memberId: string): Promise<string | null> {
    const { events } = await this.store.readStream(streamId('introduction', introductionId));
    const requested = events.find((e) => e.type === 'IntroductionRequested')?.data as IntroductionRequested['data'] | undefined;
    return requested?.message ? this.cipher.open<string>(memberId, requested.message) : null;
  }
}
