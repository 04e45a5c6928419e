import { Controller, Get, Res } from '@nestjs/common';
import { HealthController } from '@trame/runtime';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';
import { Public } from './principal';

/*
 * The shared ops controllers (libs/runtime, the Prometheus module) know nothing of the api's
 * sessions; these subclasses declare them public for the api's deny-by-default guard.
 * (`/docs` is served by Swagger's express route, outside the guards, and stays public.)
 */

/** `/health` and `/health/live`, open to load balancers and probes. */
@Public()
@Controller('health')
export class ApiHealthController extends HealthController {}

/** `/metrics` (path set by PrometheusModule.register), open to the Prometheus scraper. */
@Public()
@Controller()
export class ApiMetricsController extends PrometheusController {
  @Get()
  override index(@Res({ passthrough: true }) response: Response) {
    return super.index(response);
  }
}
