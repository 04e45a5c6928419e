import request from 'supertest';
import { NOTIFICATION_OUTCOME_STORE, type NotificationOutcomeStore } from '@trame/messaging';
import { NotifierHttpModule } from '../src/notifier-http.module';
import { createNotifierTestApp, type NotifierTestApp } from './notifier-test-app';

describe('the notifier’s own /health (run alone)', () => {
  let t: NotifierTestApp;
  beforeAll(async () => {
    t = await createNotifierTestApp({}, [NotifierHttpModule]);
  });
  afterAll(() => t?.close());

  it('is ready while its durable notification records answer, and says so when they do not', async () => {
    const ready = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(ready.body).toMatchObject({ details: { notificationRecords: { status: 'up' }, redis: { status: 'up' } } });
    expect((ready.body as { details: object }).details).not.toHaveProperty('readSide'); // the notifier serves no reads

    await t.app.get<NotificationOutcomeStore>(NOTIFICATION_OUTCOME_STORE).close();
    const down = await request(t.app.getHttpServer()).get('/health').expect(503);
    expect(down.body).toMatchObject({ details: { notificationRecords: { status: 'down' } } });
    await request(t.app.getHttpServer()).get('/health/live').expect(200);
  });
});
