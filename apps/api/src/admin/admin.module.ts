import { Inject, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { TRAME_CONFIG, type TrameConfig } from '@trame/config';
import { ALL_QUEUES, MessagingModule } from '@trame/messaging';
import { AuthModule } from '../auth/auth.module';
import { AdminAuth } from './admin.guard';
import { FailedJobsController } from './failed-jobs.controller';
import { DASHBOARD_PATH, queueDashboardRouter } from './queue-dashboard';

/**
 * Admin visibility of the queues: `GET /v1/admin/queues/failed`, and bull-board at
 * `/admin/queues` when ADMIN_DASHBOARD=true. Both for an admin session or the ops token
 * (ADMIN_API_TOKEN).
 */
@Module({
  // AuthModule: its global guard protects these routes wherever this module is mounted.
  imports: [MessagingModule, AuthModule],
  controllers: [FailedJobsController],
  providers: [AdminAuth],
})
export class AdminModule implements NestModule {
  constructor(
    @Inject(TRAME_CONFIG) private readonly config: TrameConfig,
    private readonly auth: AdminAuth,
    private readonly moduleRef: ModuleRef,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    if (!this.config.ADMIN_DASHBOARD) return;
    const queues = this.moduleRef.get<readonly Queue[]>(ALL_QUEUES, { strict: false });
    consumer.apply(this.auth.middleware(), queueDashboardRouter(queues)).forRoutes(DASHBOARD_PATH);
  }
}
