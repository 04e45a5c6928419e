import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PlaceSuggestionDto } from '../places/place-suggestion.dto';
import { ProjectCardDto, ProjectListItemDto } from '../shared/views.dto';

class LocalReferentDto {
  @ApiProperty({ example: 'Élise', description: 'first name only' })
  firstName: string;
}

/** `GET /v1/projects/:id`: the card, and the local referent when one covers the project's place. */
export class ProjectWithReferentDto extends ProjectCardDto {
  @ApiPropertyOptional({ type: LocalReferentDto, description: 'absent when no referent covers the place (the network’s team accompanies)' })
  referent?: LocalReferentDto;
}

/** A page of `GET /v1/projects`. */
export class ProjectPageDto {
  @ApiProperty({
    type: [ProjectListItemDto],
    description: 'active projects, newest first (nearest first with `near`; nearest the centre for a département or a région)',
  })
  items: ProjectListItemDto[];

  @ApiProperty({ example: 42, description: 'how many projects match, over every page' })
  total: number;

  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 20 })
  perPage: number;

  @ApiPropertyOptional({ type: PlaceSuggestionDto, description: 'the place `near` named (absent for `lat,lon`)' })
  place?: PlaceSuggestionDto;
}
