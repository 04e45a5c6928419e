import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PLACE_QUERY_MAX_LENGTH, PLACE_SEARCH_LIMIT } from '@trame/territories';
import { IsNotBlank, QueryNumber } from '../http/input-rules';

export class PlacesQueryDto {
  @ApiProperty({
    example: 'forcalq',
    minLength: 1,
    maxLength: PLACE_QUERY_MAX_LENGTH,
    description:
      'the start of a commune, département or région name (accents, case and hyphens do not matter), a postcode or a département number',
  })
  @IsString()
  @IsNotBlank()
  @MaxLength(PLACE_QUERY_MAX_LENGTH)
  q: string;

  @ApiPropertyOptional({ example: 10, default: PLACE_SEARCH_LIMIT.default, minimum: 1, maximum: PLACE_SEARCH_LIMIT.max })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(PLACE_SEARCH_LIMIT.max)
  limit?: number;
}
