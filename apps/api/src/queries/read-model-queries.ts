import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { NotFoundError, RuleViolationError } from '@trame/domain';
import { TermNormaliser } from '@trame/matching';
import {
  type MemberProfile,
  type ProjectCard,
  READ_MODEL_STORE,
  type ReadModelStore,
  MEMBER_RECOMMENDATIONS,
  type MemberRecommendations,
  PROJECT_MISSING_PARTNERS,
  PROJECT_RECOMMENDATIONS,
  type ProjectMissingPartners,
  type ProjectRecommendations,
} from '@trame/read-models';
import { type NearPlace, PlaceSearch, resolveNear } from '@trame/territories';
import { missingPartnersView } from '../projects/missing-partners.view';
import { type ListCentre, publicCard } from './project-index';
import { ProjectIndexFollower } from './project-index-follower';
import { PER_PAGE, type ProjectsQueryDto } from './project-query.dto';

const DEFAULT_RADIUS_KM = 30;

/** A `near=` the places do not know, or a postcode of several communes: 400, with the communes to choose from. */
const unknownPlace = (near: string, candidates: readonly unknown[]) => {
  const problem =
    candidates.length > 0
      ? `le code postal ${near} est partagé par ${candidates.length} communes, choisissez-en une / ` +
        `postcode ${near} is shared by ${candidates.length} communes, pick one`
      : `lieu inconnu / unknown place: ${near}`;
  return new BadRequestException({ message: [`near: ${problem}`], fields: [{ field: 'near', messages: [problem] }], candidates });
};

/** Queries answer from the read models the matcher maintains (never from the event log). */
@Injectable()
export class ReadModelQueries {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly normaliser: TermNormaliser,
    private readonly places: PlaceSearch,
    private readonly list: ProjectIndexFollower,
  ) {}

  async project(projectId: string) {
    const card = await this.store.collection<ProjectCard>('project_cards').get(projectId);
    if (!card) throw new NotFoundError('project', projectId);
    return publicCard(card);
  }

  /**
   * GET /v1/projects/:id: the card, and the local referent by first name when one covers the
   * place (the first of the matcher's referent chain); without one, the network's team accompanies.
   */
  async projectPage(projectId: string) {
    const [card, recommendations] = await Promise.all([
      this.project(projectId),
      this.store.collection<ProjectRecommendations>(PROJECT_RECOMMENDATIONS).get(projectId),
    ]);
    const local = recommendations?.referents[0];
    return local && local.level !== 'admin' ? { ...card, referent: { firstName: local.firstName } } : card;
  }

  /** A page of active projects, from the api's own index of the read model (see ProjectIndexFollower). */
  async projects(query: ProjectsQueryDto) {
    const perPage = query.perPage ?? query.limit ?? PER_PAGE.default;
    const page = query.page ?? 1;
    const near = query.near ? this.nearOf(query.near) : undefined;
    const result = await this.list.query({
      centre: near && this.centreOf(near, query.radiusKm ?? DEFAULT_RADIUS_KM),
      themeKey: query.theme ? this.normaliser.key(query.theme) : undefined,
      kind: query.kind,
      stage: query.stage,
      remoteFriendly: query.remoteFriendly,
      skip: (page - 1) * perPage,
      take: perPage,
    });
    return { ...result, page, perPage, ...(near?.place ? { place: near.place } : {}) };
  }

  private nearOf(value: string): NearPlace {
    const resolved = resolveNear(value, this.places);
    if (!resolved.ok) throw unknownPlace(value, resolved.candidates);
    const { near } = resolved;
    if (Math.abs(near.lat) > 90 || Math.abs(near.lon) > 180) {
      throw new RuleViolationError([{ field: 'near', message: 'coordonnées hors limites / coordinates out of range' }]);
    }
    return near;
  }

  private centreOf(near: NearPlace, radiusKm: number): ListCentre {
    return near.kind === 'point'
      ? { kind: 'circle', lat: near.lat, lon: near.lon, radiusKm }
      : { kind: 'area', level: near.level, code: near.code, lat: near.lat, lon: near.lon };
  }

  async projectRecommendations(projectId: string) {
    await this.project(projectId);
    const doc = await this.store.collection<ProjectRecommendations>(PROJECT_RECOMMENDATIONS).get(projectId);
    return { projectId, partners: doc?.partners ?? [], referents: doc?.referents ?? [] };
  }

  /** Why members nearby are not among a project's partners: counts per need and rule, small ones hidden. */
  async projectMissingPartners(projectId: string) {
    const card = await this.project(projectId);
    const doc = await this.store.collection<ProjectMissingPartners>(PROJECT_MISSING_PARTNERS).get(projectId);
    return missingPartnersView(projectId, doc, card.status);
  }

  async memberRecommendations(memberId: string) {
    const profile = await this.store.collection<MemberProfile>('member_profiles').get(memberId);
    if (!profile) throw new NotFoundError('member', memberId);
    const doc = await this.store.collection<MemberRecommendations>(MEMBER_RECOMMENDATIONS).get(memberId);
    return { memberId, projects: doc?.projects ?? [] };
  }
}
