import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_WORD_LENGTH, PROJECT_KINDS, PROJECT_STAGES, type ProjectKind, type ProjectStage, RADIUS_KM } from '@trame/domain';
import { NEAR_FORMAT } from '@trame/territories';
import { IsNotBlank, NearInFrance, QueryNumber } from '../http/input-rules';

/** Widest search around a point: the read side's bound, narrower than a territory's. */
export const SEARCH_RADIUS_MAX_KM = 200;
export const PER_PAGE = { default: 50, max: 200 } as const;
/** Far enough for any list a person pages through; keeps `skip` bounded. */
export const MAX_PAGE = 1000;

export class ProjectsQueryDto {
  @ApiPropertyOptional({
    example: 'commune:04088',
    description:
      'the centre of the search: `lat,lon`; a place `code` from `GET /v1/places` (`commune:04088`, `departement:04`, ' +
      '`region:93`); or a postcode (`04300`). A postcode shared by several communes answers 400 with the communes in ' +
      '`candidates`. A département or a région is searched whole (`radiusKm` does not apply), nearest its centre first.',
  })
  @IsOptional()
  @IsString()
  @Matches(NEAR_FORMAT)
  @NearInFrance()
  near?: string;

  @ApiPropertyOptional({ example: 30, default: 30, minimum: RADIUS_KM.min, maximum: SEARCH_RADIUS_MAX_KM })
  @IsOptional()
  @QueryNumber()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(RADIUS_KM.min)
  @Max(SEARCH_RADIUS_MAX_KM)
  radiusKm?: number;

  @ApiPropertyOptional({ example: 'alimentation' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(MAX_WORD_LENGTH)
  theme?: string;

  @ApiPropertyOptional({ enum: PROJECT_KINDS })
  @IsOptional()
  @IsIn(PROJECT_KINDS)
  kind?: ProjectKind;

  @ApiPropertyOptional({ enum: PROJECT_STAGES })
  @IsOptional()
  @IsIn(PROJECT_STAGES)
  stage?: ProjectStage;

  @ApiPropertyOptional({ type: Boolean, example: true, description: '`true`: only projects open to remote help; `false`: only the others' })
  @IsOptional()
  // A query string is text: only the words `true` and `false` become booleans; anything else stays and is refused.
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  remoteFriendly?: boolean;

  @ApiPropertyOptional({ example: 1, default: 1, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ example: 20, default: PER_PAGE.default, minimum: 1, maximum: PER_PAGE.max })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(PER_PAGE.max)
  perPage?: number;

  @ApiPropertyOptional({ description: 'the former name of `perPage` (used when `perPage` is absent)', minimum: 1, maximum: PER_PAGE.max })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(PER_PAGE.max)
  limit?: number;
}
