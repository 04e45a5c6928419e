import { isApiPath } from './web-app';

describe('which paths the api keeps under npm start', () => {
  it('keeps its own paths and what is under them', () => {
    for (const path of ['/v1', '/v1/projects', '/docs', '/docs/openapi.json', '/health', '/health/live', '/metrics', '/admin/queues']) {
      expect({ path, api: isApiPath(path) }).toEqual({ path, api: true });
    }
  });

  it('gives everything else to the web app, even a page whose name starts like an api path', () => {
    for (const path of ['/', '/projets', '/projets/nouveau', '/v1projets', '/docsx', '/healthy', '/administration', '/_app/x.js']) {
      expect({ path, api: isApiPath(path) }).toEqual({ path, api: false });
    }
  });
});
