import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_WORD_LENGTH, RADIUS_KM } from '@trame/domain';
import { IsNotBlank, NearInFrance, QueryNumber } from '../http/input-rules';

/** Widest search around a point: the read side's bound, narrower than a territory's. */
export const SEARCH_RADIUS_MAX_KM = 200;

export class ProjectsQueryDto {
  @ApiPropertyOptional({ example: '43.96,5.78', description: 'lat,lon of the centre of the search' })
  @IsOptional()
  @Matches(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/)
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

  @ApiPropertyOptional({ example: 50, default: 50 })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
