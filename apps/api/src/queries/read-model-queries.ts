import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, RuleViolationError } from '@trame/domain';
import { haversineKm, TermNormaliser } from '@trame/matching';
import {
  geoCellsAround,
  type MemberProfile,
  type ProjectCard,
  READ_MODEL_STORE,
  type ReadModelDocument,
  type ReadModelStore,
  MEMBER_RECOMMENDATIONS,
  type MemberRecommendations,
  PROJECT_RECOMMENDATIONS,
  type ProjectRecommendations,
} from '@trame/read-models';
import type { ProjectsQueryDto } from './project-query.dto';

/** Strips storage fields: what leaves the api is the public document only. */
const publicCard = ({ _id, _position, geoCell: _geoCell, ...card }: ReadModelDocument<ProjectCard>) => ({ id: _id, ...card });

/** Queries answer from the read models the matcher maintains (never from the event log). */
@Injectable()
export class ReadModelQueries {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly normaliser: TermNormaliser,
  ) {}

  async project(projectId: string) {
    const card = await this.store.collection<ProjectCard>('project_cards').get(projectId);
    if (!card) throw new NotFoundError('project', projectId);
    return publicCard(card);
  }

  async projects(query: ProjectsQueryDto) {
    const limit = query.limit ?? 50;
    const cards = this.store.collection<ProjectCard>('project_cards');
    const themeKey = query.theme ? this.normaliser.key(query.theme) : undefined;
    const hasTheme = (card: ProjectCard) => !themeKey || card.themes.some((t) => this.normaliser.key(t) === themeKey);

    if (!query.near) {
      const active = await cards.find({ status: 'active' }, { sort: { proposedAt: -1 } });
      return { items: active.filter(hasTheme).slice(0, limit).map(publicCard) };
    }
    const [lat, lon] = query.near.split(',').map(Number) as [number, number];
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      throw new RuleViolationError([{ field: 'near', message: 'coordonnées hors limites / coordinates out of range' }]);
    }
    const radiusKm = query.radiusKm ?? 30;
    const candidates = await cards.find({ status: 'active', geoCell: { $in: geoCellsAround(lat, lon, radiusKm) } });
    const items = candidates
      .map((card) => ({ card, distanceKm: haversineKm(lat, lon, card.location.lat, card.location.lon) }))
      .filter(({ card, distanceKm }) => distanceKm <= radiusKm && hasTheme(card))
      .sort((a, b) => a.distanceKm - b.distanceKm || a.card._id.localeCompare(b.card._id))
      .slice(0, limit)
      .map(({ card, distanceKm }) => ({ ...publicCard(card), distanceKm: Math.round(distanceKm * 10) / 10 }));
    return { items };
  }

  async projectRecommendations(projectId: string) {
    await this.project(projectId);
    const doc = await this.store.collection<ProjectRecommendations>(PROJECT_RECOMMENDATIONS).get(projectId);
    return { projectId, partners: doc?.partners ?? [], referents: doc?.referents ?? [] };
  }

  async memberRecommendations(memberId: string) {
    const profile = await this.store.collection<MemberProfile>('member_profiles').get(memberId);
    if (!profile) throw new NotFoundError('member', memberId);
    const doc = await this.store.collection<MemberRecommendations>(MEMBER_RECOMMENDATIONS).get(memberId);
    return { memberId, projects: doc?.projects ?? [] };
  }
}
