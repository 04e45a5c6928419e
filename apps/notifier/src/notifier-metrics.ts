import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Counter, Gauge, type Metric, register } from 'prom-client';
import { ALL_QUEUES, type EmailJob } from '@trame/messaging';

export type EmailKind = EmailJob['kind'];

const DEPTH_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;

/**
 * The notifier's Prometheus metrics, in prom-client's default registry: the one
 * `/metrics` serves (the notifier's own listener, or the api's under `npm start`).
 * Queue depth is read from Redis at scrape time, so it covers every notifier process.
 */
@Injectable()
export class NotifierMetrics implements OnModuleDestroy {
  readonly sent: Counter<'kind'>;
  readonly failed: Counter<'kind'>;
  readonly retried: Counter<'kind'>;
  readonly queueDepth: Gauge<'queue' | 'state'>;
  private readonly mine: Metric[] = [];

  constructor(@Inject(ALL_QUEUES) queues: readonly Queue[]) {
    this.sent = this.own(
      new Counter({ name: 'trame_emails_sent_total', help: 'Emails accepted by the relay', labelNames: ['kind'], registers: [] }),
    );
    this.failed = this.own(
      new Counter({
        name: 'trame_emails_failed_total',
        help: 'Emails given up (permanent refusal or attempts exhausted)',
        labelNames: ['kind'],
        registers: [],
      }),
    );
    this.retried = this.own(
      new Counter({
        name: 'trame_emails_retried_total',
        help: 'Failed email attempts that will be retried',
        labelNames: ['kind'],
        registers: [],
      }),
    );
    this.queueDepth = this.own(
      new Gauge({
        name: 'trame_queue_depth',
        help: 'Jobs per BullMQ queue and state',
        labelNames: ['queue', 'state'],
        registers: [],
        async collect() {
          for (const queue of queues) {
            const counts = await queue.getJobCounts(...DEPTH_STATES);
            for (const state of DEPTH_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          }
        },
      }),
    );
  }

  /**
   * Replaces a metric of the same name left by an earlier app in this process (tests build
   * several), so the live one always reads this app's queues.
   */
  private own<M extends Metric>(metric: M): M {
    const name = (metric as unknown as { name: string }).name;
    if (register.getSingleMetric(name)) register.removeSingleMetric(name);
    register.registerMetric(metric);
    this.mine.push(metric);
    return metric;
  }

  onModuleDestroy(): void {
    for (const metric of this.mine) {
      const name = (metric as unknown as { name: string }).name;
      if (register.getSingleMetric(name) === metric) register.removeSingleMetric(name);
    }
  }
}
