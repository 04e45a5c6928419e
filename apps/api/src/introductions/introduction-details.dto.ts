import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AvailabilityViewDto, IntroductionDto } from '../shared/views.dto';

/** The actions the decision page may offer; `withdraw` and `resend` need a session. */
export const DETAIL_ACTIONS = ['approve', 'decline', 'accept', 'refuse', 'withdraw', 'resend'] as const;
export type DetailAction = (typeof DETAIL_ACTIONS)[number];

/** Who is looking, as far as this introduction goes. */
export const VIEWER_ROLES = ['referent', 'admin', 'holder', 'member'] as const;
export type ViewerRole = (typeof VIEWER_ROLES)[number];

class NeedDetailsDto {
  @ApiProperty({ example: 'maraîcher·e' })
  role: string;

  @ApiProperty({ type: [String], example: ['maraîchage', 'irrigation'] })
  skills: string[];

  @ApiPropertyOptional({ example: 6 })
  hoursPerWeek?: number;

  @ApiPropertyOptional({ example: 2, description: 'how many people for this role' })
  count?: number;
}

class ProjectDetailsDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Ferme maraîchère partagée' })
  title: string;

  @ApiProperty({ example: 'Une ferme en coopérative sur 4 hectares.' })
  summary: string;

  @ApiProperty({ example: 'Forcalquier', description: 'the place’s name (commune)' })
  place: string;

  @ApiProperty({ enum: ['active', 'paused', 'closed'] })
  status: 'active' | 'paused' | 'closed';

  @ApiProperty({ type: [NeedDetailsDto] })
  needs: NeedDetailsDto[];
}

class MemberProfileDetailsDto {
  @ApiProperty({ type: String, nullable: true, example: 'Julien', description: 'first name only; null once erased' })
  firstName: string | null;

  @ApiProperty({ type: [String], example: ['menuiserie'] })
  skills: string[];

  @ApiProperty({ type: [String], example: ['agriculture'] })
  interests: string[];

  @ApiProperty({ type: [String], example: ['Mane'], description: 'the names of the places they are ready to go' })
  places: string[];

  @ApiPropertyOptional({ type: AvailabilityViewDto })
  availability?: AvailabilityViewDto;
}

class MatchNeedDto {
  @ApiProperty() index: number;
  @ApiProperty() role: string;
  @ApiProperty() skillsNeeded: number;
  @ApiProperty({ type: [String] }) skillsMatched: string[];
  @ApiPropertyOptional() hoursPerWeek?: number;
}

class MatchPlaceDto {
  @ApiProperty({ enum: ['radius', 'area', 'remote'] }) kind: 'radius' | 'area' | 'remote';
  @ApiProperty({ type: Number, nullable: true }) distanceKm: number | null;
  @ApiPropertyOptional() radiusKm?: number;
  @ApiPropertyOptional({ enum: ['commune', 'departement', 'region'] }) level?: 'commune' | 'departement' | 'region';
  @ApiPropertyOptional() code?: string;
  @ApiPropertyOptional() label?: string;
}

class MatchAvailabilityDetailsDto extends AvailabilityViewDto {
  @ApiProperty() startsLater: boolean;
}

/** Why the member fits, the structured reasons the web words for each reader (no score). */
class PairMatchDetailsDto {
  @ApiProperty({ type: MatchNeedDto }) need: MatchNeedDto;
  @ApiProperty({ type: [String] }) themesShared: string[];
  @ApiProperty({ type: MatchPlaceDto }) place: MatchPlaceDto;
  @ApiProperty({ type: MatchAvailabilityDetailsDto }) availability: MatchAvailabilityDetailsDto;
}

class ViewerDto {
  @ApiProperty({ enum: VIEWER_ROLES, description: 'how the link or the session sees this introduction' })
  role: ViewerRole;

  @ApiProperty({ description: 'the viewer made the request' })
  requester: boolean;

  @ApiProperty({ description: 'the viewer is the side asked to accept or refuse' })
  consenting: boolean;
}

/** The decision page: everything a referent needs in one screen, and what the viewer may do now. */
export class IntroductionDetailsDto extends IntroductionDto {
  @ApiProperty({ type: ProjectDetailsDto })
  projectDetails: ProjectDetailsDto;

  @ApiProperty({ type: MemberProfileDetailsDto, description: 'pseudonymous: first name, skills, interests, places, availability' })
  memberProfile: MemberProfileDetailsDto;

  @ApiProperty({ type: String, nullable: true, example: 'Sophie', description: 'the holder’s first name; null once erased' })
  holderFirstName: string | null;

  @ApiProperty({ type: PairMatchDetailsDto, nullable: true, description: 'why they fit; null when the project is not active' })
  match: PairMatchDetailsDto | null;

  @ApiPropertyOptional({
    description: 'the requester’s message: for the referents and admins who decide, and for the requester; never to the other side here',
  })
  message?: string;

  @ApiProperty({ enum: ['referent', 'admin'], required: false, description: 'who approved or declined' })
  reviewedBy?: 'referent' | 'admin';

  @ApiProperty({ type: ViewerDto })
  viewer: ViewerDto;

  @ApiProperty({ enum: DETAIL_ACTIONS, isArray: true, description: 'what the viewer may do now (withdraw and resend: with a session)' })
  actions: DetailAction[];

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'resend: not before (once an hour at most)' })
  resendAfter?: string;
}
