import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { MessagingModule } from '@trame/messaging';
import { HealthController } from '@trame/runtime';

/**
 * The notifier's own small HTTP surface when it runs alone (NOTIFIER_PORT): Prometheus
 * `/metrics` and `/health`. Under `npm start` the api serves both for the whole process.
 */
@Module({
  // MessagingModule: readiness includes the durable notification records.
  imports: [TerminusModule, PrometheusModule.register({ path: '/metrics' }), MessagingModule],
  controllers: [HealthController],
})
export class NotifierHttpModule {}
