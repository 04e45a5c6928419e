import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class PlaceDepartementDto {
  @ApiProperty({ example: '04' })
  code: string;

  @ApiProperty({ example: 'Alpes-de-Haute-Provence' })
  name: string;
}

export class PlaceSuggestionDto {
  @ApiProperty({
    example: 'commune:04088',
    description: '`commune:<INSEE code>`, `departement:<code>` or `region:<code>`: what `GET /v1/projects?near=` takes',
  })
  code: string;

  @ApiProperty({ enum: ['commune', 'departement', 'region'] })
  kind: 'commune' | 'departement' | 'region';

  @ApiProperty({ example: 'Forcalquier', description: 'the official name' })
  label: string;

  @ApiPropertyOptional({ type: [String], example: ['04300'], description: 'communes only: their postcodes, lowest first' })
  postcodes?: string[];

  @ApiPropertyOptional({ type: PlaceDepartementDto, description: 'communes only: their département' })
  departement?: PlaceDepartementDto;

  @ApiProperty({ example: 43.95817, description: 'the centre of the place' })
  lat: number;

  @ApiProperty({ example: 5.78417 })
  lon: number;
}

export class PlaceListDto {
  @ApiProperty({
    type: [PlaceSuggestionDto],
    description:
      'best first: exact names (or an exact postcode or département number) before names that start with the text; at the same ' +
      'grade régions, then départements, then communes, the most populous first; then by code',
  })
  items: PlaceSuggestionDto[];
}
