import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional } from 'class-validator';
import type { Job, Queue } from 'bullmq';
import { ALL_QUEUES } from '@trame/messaging';
import { AdminOrOpsToken } from '../auth/principal';
import { QueryNumber } from '../http/input-rules';
import { ApiErrors } from '../http/openapi';
import { FailedJobsDto } from '../shared/views.dto';

/** A failed job as shown to admins: ids and reasons, never an address or a name. */
export type FailedJobView = Readonly<{
  id: string;
  queue: string;
  kind: string;
  recipientId: string | null;
  attemptsMade: number;
  failedReason: string;
  createdAt: string;
  processedAt: string | null;
  failedAt: string | null;
}>;

const iso = (ms: number | undefined | null) => (ms ? new Date(ms).toISOString() : null);

const view = (queue: string, job: Job): FailedJobView => {
  const data = (job.data ?? {}) as { kind?: unknown; recipientId?: unknown };
  return {
    id: String(job.id),
    queue,
    kind: typeof data.kind === 'string' ? data.kind : job.name,
    recipientId: typeof data.recipientId === 'string' ? data.recipientId : null,
    attemptsMade: job.attemptsMade,
    failedReason: job.failedReason,
    createdAt: new Date(job.timestamp).toISOString(),
    processedAt: iso(job.processedOn),
    failedAt: iso(job.finishedOn),
  };
};

/** `?limit=`: an integer (400 naming the field otherwise), brought into 1–500. */
export class FailedJobsQueryDto {
  @ApiPropertyOptional({ description: 'per queue, 1–500 (default 100)', example: 100 })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  limit?: number;
}

@ApiTags('admin')
@AdminOrOpsToken()
@Controller('v1/admin/queues')
export class FailedJobsController {
  constructor(@Inject(ALL_QUEUES) private readonly queues: readonly Queue[]) {}

  @Get('failed')
  @ApiOperation({ summary: 'Jobs en échec (e-mails, digests), les plus récents d’abord / Failed jobs, newest first' })
  @ApiOkResponse({ type: FailedJobsDto })
  @ApiErrors({ 400: '`limit` is not an integer' })
  async failed(@Query() query: FailedJobsQueryDto) {
    const n = Math.min(500, Math.max(1, query.limit ?? 100));
    const perQueue = await Promise.all(
      this.queues.map(async (queue) => ({
        total: await queue.getFailedCount(),
        jobs: (await queue.getFailed(0, n - 1)).filter(Boolean).map((job) => view(queue.name, job)),
      })),
    );
    return {
      total: perQueue.reduce((sum, q) => sum + q.total, 0),
      jobs: perQueue.flatMap((q) => q.jobs).sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? '')),
    };
  }
}
