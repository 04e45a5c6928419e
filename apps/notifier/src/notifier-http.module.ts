import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HealthController } from '@trame/runtime';

/**
 * The notifier's own small HTTP surface when it runs alone (NOTIFIER_PORT): Prometheus
 * `/metrics` and `/health`. Under `npm start` the api serves both for the whole process.
 */
@Module({
  imports: [TerminusModule, PrometheusModule.register({ path: '/metrics' })],
  controllers: [HealthController],
})
export class NotifierHttpModule {}
