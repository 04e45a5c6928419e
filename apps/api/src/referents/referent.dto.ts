import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { MAX_WORD_LENGTH } from '@trame/domain';
import { INPUT_BOUNDS, IsNotBlank } from '../http/input-rules';
import { TerritoryDto } from '../places/place.dto';

export class ReferentTerritoriesDto {
  @ApiProperty({ type: [TerritoryDto] })
  @IsArray()
  @ArrayMaxSize(INPUT_BOUNDS.listItems)
  @ValidateNested({ each: true })
  @Type(() => TerritoryDto)
  territories: TerritoryDto[];

  @ApiPropertyOptional({ example: ['habitat'], type: [String], description: 'empty: every theme' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(INPUT_BOUNDS.listItems)
  @IsString({ each: true })
  @IsNotBlank({ each: true })
  @MaxLength(MAX_WORD_LENGTH, { each: true })
  themes?: string[];
}

export class AppointReferentDto extends ReferentTerritoriesDto {
  @ApiProperty({ example: 'Dominique Roux' })
  @IsString()
  @IsNotBlank()
  @MaxLength(INPUT_BOUNDS.displayName)
  displayName: string;

  @ApiProperty({ example: 'dominique@example.org' })
  @IsEmail()
  @MaxLength(INPUT_BOUNDS.email)
  email: string;
}
