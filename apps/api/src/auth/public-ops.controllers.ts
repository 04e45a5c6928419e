import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck } from '@nestjs/terminus';
import { HealthController } from '@trame/runtime';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';
import { ApiErrors } from '../http/openapi';
import { Public } from './principal';

/*
 * The shared ops controllers (libs/runtime, the Prometheus module) know nothing of the api's
 * sessions; these subclasses declare them public for the api's deny-by-default guard.
 * (`/docs` is served by Swagger's express route, outside the guards, and stays public.)
 */

/** Each indicator by name (`eventStore`, `redis`, `keyStore`, `readSide`): `{status: 'up'}`. */
const indicators = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
  },
};
const HEALTH_OK = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok'] }, info: indicators, error: indicators, details: indicators },
  example: { status: 'ok', info: { redis: { status: 'up' } }, error: {}, details: { redis: { status: 'up' } } },
};

/**
 * `/health` and `/health/live`, open to load balancers and probes. (Redeclared here for the
 * OpenAPI document: a failed readiness check answers the api's error body, not terminus's.)
 */
@Public()
@ApiTags('ops')
@Controller('health')
export class ApiHealthController extends HealthController {
  @Get()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Readiness: the event store, Redis and the key store answer, and the read side has caught up with the log' })
  @ApiOkResponse({ description: 'every dependency answers', schema: HEALTH_OK })
  @ApiErrors({ 503: 'a dependency does not answer (within 2 s), or the read models are still catching up with the log (`readSide`)' })
  override readiness() {
    return super.readiness();
  }

  @Get('live')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Liveness: the process runs' })
  @ApiOkResponse({ description: 'always, while the process runs', schema: HEALTH_OK })
  override liveness() {
    return super.liveness();
  }
}

/** `/metrics` (path set by PrometheusModule.register), open to the Prometheus scraper. */
@Public()
@ApiTags('ops')
@Controller()
export class ApiMetricsController extends PrometheusController {
  @Get()
  @ApiOperation({ summary: 'Prometheus metrics' })
  @ApiResponse({
    status: 200,
    description: 'the Prometheus text exposition format',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  override index(@Res({ passthrough: true }) response: Response) {
    return super.index(response);
  }
}
