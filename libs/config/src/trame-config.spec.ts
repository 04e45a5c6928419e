import { loadConfig } from './trame-config';

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.EVENTSTORE_URL).toBeUndefined();
    expect(config.MONGO_URL).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
    expect(config.PUBLIC_URL).toBe('http://localhost:3000');
  });

  it('follows PORT with PUBLIC_URL unless it is set', () => {
    expect(loadConfig({ PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
    expect(loadConfig({ PORT: '8080', PUBLIC_URL: '' }).PUBLIC_URL).toBe('http://localhost:8080');
    expect(loadConfig({ PORT: '8080', PUBLIC_URL: 'https://trame.example.org' }).PUBLIC_URL).toBe('https://trame.example.org');
  });

  it('parses admins and treats empty URLs as unset', () => {
    const config = loadConfig({ ADMIN_EMAILS: ' Admin@Example.org , b@example.org,', EVENTSTORE_URL: '', PORT: '8080' });
    expect(config.ADMIN_EMAILS).toEqual(['admin@example.org', 'b@example.org']);
    expect(config.EVENTSTORE_URL).toBeUndefined();
    expect(config.PORT).toBe(8080);
  });

  it('names every invalid variable', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'abc', PUBLIC_URL: 'nope', LOG_LEVEL: 'loud' });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of ['PORT', 'PUBLIC_URL', 'LOG_LEVEL']) expect(message).toContain(`${name}:`);
  });

  it('gives a new member 7 days to confirm their address, shortened in tests, never zero', () => {
    expect(loadConfig({}).MEMBER_CONFIRMATION_SECONDS).toBe(7 * 24 * 3600);
    expect(loadConfig({ MEMBER_CONFIRMATION_SECONDS: '2' }).MEMBER_CONFIRMATION_SECONDS).toBe(2);
    expect(() => loadConfig({ MEMBER_CONFIRMATION_SECONDS: '0' })).toThrow(/MEMBER_CONFIRMATION_SECONDS:/);
  });
});
