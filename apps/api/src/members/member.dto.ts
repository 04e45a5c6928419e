import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  MaxLength,
  ArrayMaxSize,
  Max,
  Min,
  ValidateNested,
  IsDefined,
} from 'class-validator';
import { LOCALES, type Locale, MAX_WORD_LENGTH, NOTIFY_FREQUENCIES, type NotifyFrequency } from '@trame/domain';
import { INPUT_BOUNDS, IsNotBlank, IsPlausibleDate } from '../http/input-rules';
import { TerritoryDto } from '../places/place.dto';

/*
 * DTOs check shapes and formats (400). Counts and ranges that are business rules
 * (1–5 territories, 0–30 skills, 0–60 h) are the decider's (422); the array caps here
 * only bound the request size.
 */

export class AvailabilityDto {
  @ApiProperty({ example: 6, description: 'hours per week (1–60)' })
  @IsDefined()
  @IsInt()
  @Min(INPUT_BOUNDS.hoursPerWeek.min)
  @Max(INPUT_BOUNDS.hoursPerWeek.max)
  hoursPerWeek: number;

  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @MaxLength(10)
  @IsPlausibleDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @MaxLength(10)
  @IsPlausibleDate()
  until?: string;
}

const Words =
  (example: string[], options: { optional?: string } = {}) =>
  (target: object, key: string) => {
    if (options.optional) {
      ApiPropertyOptional({ example, type: [String], description: options.optional })(target, key);
      IsOptional()(target, key);
    } else ApiProperty({ example, type: [String] })(target, key);
    IsArray()(target, key);
    ArrayMaxSize(INPUT_BOUNDS.listItems)(target, key);
    IsString({ each: true })(target, key);
    IsNotBlank({ each: true })(target, key);
    MaxLength(MAX_WORD_LENGTH, { each: true })(target, key);
  };

const Territories = () => (target: object, key: string) => {
  ApiProperty({ type: [TerritoryDto] })(target, key);
  IsArray()(target, key);
  ArrayMaxSize(INPUT_BOUNDS.listItems)(target, key);
  ValidateNested({ each: true })(target, key);
  Type(() => TerritoryDto)(target, key);
};

export class SkillsDto {
  @Words(['maraîchage', 'menuiserie'])
  skills: string[];
}

export class InterestsDto {
  @Words(['alimentation', 'habitat'])
  interests: string[];
}

export class TerritoriesDto {
  @Territories()
  territories: TerritoryDto[];
}

export class NotificationsDto {
  @ApiProperty({ enum: NOTIFY_FREQUENCIES })
  @IsIn(NOTIFY_FREQUENCIES)
  notify: NotifyFrequency;
}

export class RegisterMemberDto {
  @ApiProperty({ example: 'Camille Martin', description: 'only the first name is ever shown to others' })
  @IsString()
  @IsNotBlank()
  @MaxLength(INPUT_BOUNDS.displayName)
  displayName: string;

  @ApiProperty({ example: 'camille@example.org' })
  @IsEmail()
  @MaxLength(INPUT_BOUNDS.email)
  email: string;

  @ApiProperty({ enum: LOCALES })
  @IsIn(LOCALES)
  locale: Locale;

  // A holder's short profile leaves these four out (the domain's MEMBER_DEFAULTS apply).
  @Words(['maraîchage', 'menuiserie'], { optional: 'none if absent' })
  skills?: string[];

  @Words(['alimentation', 'habitat'], { optional: 'none if absent' })
  interests?: string[];

  @Territories()
  territories: TerritoryDto[];

  @ApiPropertyOptional({ type: AvailabilityDto, description: 'if absent, no time offered (never proposed as a partner until declared)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AvailabilityDto)
  availability?: AvailabilityDto;

  @ApiPropertyOptional({ enum: NOTIFY_FREQUENCIES, description: 'weekly if absent' })
  @IsOptional()
  @IsIn(NOTIFY_FREQUENCIES)
  notify?: NotifyFrequency;
}
