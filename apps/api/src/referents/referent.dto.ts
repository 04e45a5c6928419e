import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { TerritoryDto } from '../places/place.dto';

export class ReferentTerritoriesDto {
  @ApiProperty({ type: [TerritoryDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => TerritoryDto)
  territories: TerritoryDto[];

  @ApiPropertyOptional({ example: ['habitat'], type: [String], description: 'empty: every theme' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(60, { each: true })
  themes?: string[];
}

export class AppointReferentDto extends ReferentTerritoriesDto {
  @ApiProperty({ example: 'Dominique Roux' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ example: 'dominique@example.org' })
  @IsEmail()
  @MaxLength(254)
  email: string;
}
