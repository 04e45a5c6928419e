import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PLACE_SEARCH_LIMIT, PlaceSearch } from '@trame/territories';
import { Public } from '../auth/principal';
import { ApiErrors } from '../http/openapi';
import { PlacesQueryDto } from './place-query.dto';
import { PlaceListDto } from './place-suggestion.dto';

/**
 * Place suggestions for the place pickers, from the offline territories (no read model, so
 * no catch-up 503). Public and not rate-limited, like the other public reads: an answer
 * costs a binary search in memory.
 */
@ApiTags('places')
@Controller('v1/places')
export class PlacesController {
  constructor(private readonly places: PlaceSearch) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Communes, départements and régions for what someone types (a name, a postcode, a département number)' })
  @ApiOkResponse({ type: PlaceListDto })
  @ApiErrors({ 400: '`q` is missing, blank or longer than 80 characters, or `limit` is not an integer from 1 to 20 (`fields` names it)' })
  list(@Query() query: PlacesQueryDto): PlaceListDto {
    return { items: this.places.search(query.q, query.limit ?? PLACE_SEARCH_LIMIT.default) as PlaceListDto['items'] };
  }
}
