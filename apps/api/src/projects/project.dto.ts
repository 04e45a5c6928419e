import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CLOSE_REASONS,
  type CloseReason,
  MAX_WORD_LENGTH,
  PROJECT_KINDS,
  PROJECT_RULES,
  PROJECT_STAGES,
  type ProjectKind,
  type ProjectStage,
  RADIUS_KM,
} from '@trame/domain';
import { INPUT_BOUNDS, IsNotBlank } from '../http/input-rules';
import { MultiLine } from '../http/text-input';
import { LocationDto } from '../places/place.dto';

/*
 * Shapes and formats here (400), with the lengths and the radius the domain's rules set;
 * counts and ranges that are business rules in the decider (422).
 */

export class NeedDto {
  @ApiProperty({ example: 'maraîcher·e' })
  @IsString()
  @IsNotBlank()
  @MaxLength(PROJECT_RULES.role.max)
  role: string;

  @ApiProperty({ example: ['maraîchage', 'irrigation'], type: [String] })
  @IsArray()
  @ArrayMaxSize(INPUT_BOUNDS.listItems)
  @IsString({ each: true })
  @IsNotBlank({ each: true })
  @MaxLength(MAX_WORD_LENGTH, { each: true })
  skills: string[];

  @ApiPropertyOptional({ example: 8 })
  @IsOptional()
  @IsInt()
  @Min(INPUT_BOUNDS.hoursPerWeek.min)
  @Max(INPUT_BOUNDS.hoursPerWeek.max)
  hoursPerWeek?: number;

  @ApiPropertyOptional({ example: 2 })
  @IsOptional()
  @IsInt()
  @Min(INPUT_BOUNDS.count.min)
  @Max(INPUT_BOUNDS.count.max)
  count?: number;
}

export class ProposeProjectDto {
  @ApiProperty({
    description: 'the member who carries the project: one of your own member accounts',
    format: 'uuid',
    example: '5b0d7f3e-2c41-4a8e-9f6d-1e3a7c9b2d40',
  })
  @IsUUID()
  holderId: string;

  @ApiProperty({ example: 'Ferme maraîchère partagée' })
  @IsString()
  @IsNotBlank()
  @MaxLength(PROJECT_RULES.title.max)
  title: string;

  @ApiProperty({ example: 'Une ferme en maraîchage bio gérée en coopérative, cherche associé·es.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(PROJECT_RULES.summary.max)
  @MultiLine()
  summary: string;

  @ApiPropertyOptional({ example: 'Nous cultivons 2 ha de légumes en agriculture biologique et cherchons deux associé·es.' })
  @IsOptional()
  @IsString()
  @MaxLength(PROJECT_RULES.description.max)
  @MultiLine()
  description?: string;

  @ApiProperty({ enum: PROJECT_KINDS })
  @IsIn(PROJECT_KINDS)
  kind: ProjectKind;

  @ApiProperty({ example: ['alimentation', 'agriculture'], type: [String] })
  @IsArray()
  @ArrayMaxSize(INPUT_BOUNDS.listItems)
  @IsString({ each: true })
  @IsNotBlank({ each: true })
  @MaxLength(MAX_WORD_LENGTH, { each: true })
  themes: string[];

  @ApiProperty({ type: LocationDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => LocationDto)
  location: LocationDto;

  @ApiProperty({ example: 30, minimum: RADIUS_KM.min, maximum: RADIUS_KM.max })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(RADIUS_KM.min)
  @Max(RADIUS_KM.max)
  radiusKm: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  remoteFriendly?: boolean;

  @ApiProperty({ enum: PROJECT_STAGES })
  @IsIn(PROJECT_STAGES)
  stage: ProjectStage;

  @ApiProperty({ type: [NeedDto] })
  @IsArray()
  @ArrayMaxSize(INPUT_BOUNDS.listItems)
  @ValidateNested({ each: true })
  @Type(() => NeedDto)
  needs: NeedDto[];
}

/** PATCH: any subset of the proposal but the holder. */
export class ReviseProjectDto extends PartialType(OmitType(ProposeProjectDto, ['holderId'] as const)) {}

export class PauseProjectDto {
  @ApiPropertyOptional({ example: 'en attente du bail' })
  @IsOptional()
  @IsString()
  @MaxLength(PROJECT_RULES.note.max)
  @MultiLine()
  reason?: string;
}

export class CloseProjectDto {
  @ApiProperty({ enum: CLOSE_REASONS })
  @IsIn(CLOSE_REASONS)
  reason: CloseReason;

  @ApiPropertyOptional({ example: 'L’équipe est au complet, merci à toutes et tous.' })
  @IsOptional()
  @IsString()
  @MaxLength(PROJECT_RULES.note.max)
  @MultiLine()
  note?: string;
}
