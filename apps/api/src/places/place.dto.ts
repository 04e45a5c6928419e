import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import {
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { RADIUS_KM } from '@trame/domain';
import { MAX_LABEL_LENGTH } from '@trame/territories';
import { InFrance, IsNotBlank } from '../http/input-rules';
import { ApiSchemaExample } from '../http/openapi';

const POSTCODE = /^\d{5}$/;
const COMMUNE_CODE = /^(\d{5}|2[AB]\d{3})$/;
const DEPARTEMENT_CODE = /^(\d{2}|2[AB]|97\d)$/;
const REGION_CODE = /^\d{2}$/;

type Form = readonly string[];

/** Class-level check that exactly one of the accepted shapes is present. */
function OneOfForms(forms: readonly Form[], property = '_form') {
  return (target: object) => {
    registerDecorator({
      name: 'oneOfForms',
      target: target as new (...args: unknown[]) => unknown,
      propertyName: property,
      constraints: [forms],
      options: { message: `forms: ${forms.map((f) => `{${f.join(', ')}}`).join(' | ')}` },
      validator: {
        validate(_: unknown, args: ValidationArguments) {
          const o = args.object as Record<string, unknown>;
          const present = Object.keys(o).filter((k) => o[k] !== undefined && !k.startsWith('_'));
          return forms.some((f) => f.every((k) => present.includes(k)) && present.every((k) => f.includes(k) || k === 'label'));
        },
      },
    });
  };
}

class PlaceFields {
  // `@IsLatitude` alone would take the text "43.9" too; a place must be numbers, in France.
  @ApiPropertyOptional({ example: 43.9597, description: 'in France (a département, overseas included)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLatitude()
  @InFrance()
  lat?: number;

  @ApiPropertyOptional({ example: 5.7806 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLongitude()
  lon?: number;

  @ApiPropertyOptional({ example: 'Forcalquier' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(MAX_LABEL_LENGTH)
  label?: string;

  @ApiPropertyOptional({ example: '04300' })
  @IsOptional()
  @IsString()
  @Matches(POSTCODE)
  postcode?: string;

  @ApiPropertyOptional({ example: '04088', description: 'INSEE commune code' })
  @IsOptional()
  @IsString()
  @Matches(COMMUNE_CODE)
  communeCode?: string;
}

/** `{lat, lon, label?}` or `{postcode}` or `{communeCode}`. */
@ApiSchema({ description: 'One of these forms: `{lat, lon, label?}`, `{postcode}`, `{communeCode}` (and nothing else).' })
@ApiSchemaExample({ communeCode: '04088' })
export class LocationDto extends PlaceFields {
  declare _form?: never;
}
OneOfForms([['lat', 'lon'], ['postcode'], ['communeCode']])(LocationDto);

/**
 * A place and a radius (`{lat, lon, radiusKm, label?}`, `{postcode, radiusKm}`,
 * `{communeCode, radiusKm}`) or a whole area (`{communeCode}`, `{departementCode}`,
 * `{regionCode}`).
 */
@ApiSchema({
  description:
    'One of these forms: `{lat, lon, radiusKm, label?}`, `{postcode, radiusKm}`, `{communeCode, radiusKm}` (a place and a ' +
    'radius), or `{communeCode}`, `{departementCode}`, `{regionCode}` (a whole area), and nothing else.',
})
@ApiSchemaExample({ postcode: '04300', radiusKm: 30 })
export class TerritoryDto extends PlaceFields {
  @ApiPropertyOptional({ example: 20, minimum: RADIUS_KM.min, maximum: RADIUS_KM.max })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(RADIUS_KM.min)
  @Max(RADIUS_KM.max)
  radiusKm?: number;

  @ApiPropertyOptional({ example: '04' })
  @IsOptional()
  @IsString()
  @Matches(DEPARTEMENT_CODE)
  departementCode?: string;

  @ApiPropertyOptional({ example: '93' })
  @IsOptional()
  @IsString()
  @Matches(REGION_CODE)
  regionCode?: string;

  declare _form?: never;
}
OneOfForms([
  ['lat', 'lon', 'radiusKm'],
  ['postcode', 'radiusKm'],
  ['communeCode', 'radiusKm'],
  ['communeCode'],
  ['departementCode'],
  ['regionCode'],
])(TerritoryDto);
