import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CLOSE_REASONS, type CloseReason, PROJECT_KINDS, PROJECT_STAGES, type ProjectKind, type ProjectStage } from '@trame/domain';
import { LocationDto } from '../places/place.dto';

/* Shapes and formats here (400); counts and ranges that are business rules in the decider (422). */

export class NeedDto {
  @ApiProperty({ example: 'maraîcher·e' })
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  role: string;

  @ApiProperty({ example: ['maraîchage', 'irrigation'], type: [String] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(60, { each: true })
  skills: string[];

  @ApiPropertyOptional({ example: 8 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(168)
  hoursPerWeek?: number;

  @ApiPropertyOptional({ example: 2 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
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
  @MaxLength(120)
  title: string;

  @ApiProperty({ example: 'Une ferme en maraîchage bio gérée en coopérative, cherche associé·es.' })
  @IsString()
  @MaxLength(500)
  summary: string;

  @ApiPropertyOptional({ example: 'Nous cultivons 2 ha de légumes en agriculture biologique et cherchons deux associé·es.' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @ApiProperty({ enum: PROJECT_KINDS })
  @IsIn(PROJECT_KINDS)
  kind: ProjectKind;

  @ApiProperty({ example: ['alimentation', 'agriculture'], type: [String] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(60, { each: true })
  themes: string[];

  @ApiProperty({ type: LocationDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => LocationDto)
  location: LocationDto;

  @ApiProperty({ example: 30 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
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
  @ArrayMaxSize(100)
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
  @MaxLength(500)
  reason?: string;
}

export class CloseProjectDto {
  @ApiProperty({ enum: CLOSE_REASONS })
  @IsIn(CLOSE_REASONS)
  reason: CloseReason;

  @ApiPropertyOptional({ example: 'L’équipe est au complet, merci à toutes et tous.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
