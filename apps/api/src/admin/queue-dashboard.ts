import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Router } from 'express';

export const DASHBOARD_PATH = '/admin/queues';

/** bull-board's express router for these queues, read-only (retries and removals stay with code). */
export function queueDashboardRouter(queues: readonly Queue[]): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  // @bull-board/express 9.10.1 pins its own @bull-board/api 9.10.1 beside the root 9.10.2:
  // same shape, two declarations, hence the cast.
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
  });
  // Typed `any` by @bull-board/express; it is the express Router it mounts on.
  return serverAdapter.getRouter() as Router;
}
