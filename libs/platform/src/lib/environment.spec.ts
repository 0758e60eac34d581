import { EnvironmentError, loadEnvironment } from './environment';

describe('loadEnvironment', () => {
  it('applies the documented defaults', () => {
    const env = loadEnvironment({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: './data', JWT_TTL_SECONDS: 3600, SQLITE_SYNCHRONOUS: 'FULL', LOG_LEVEL: 'info' });
  });
  it('reads valid values', () => {
    expect(loadEnvironment({ PORT: '8080', DATA_DIR: '/tmp/x' })).toMatchObject({ PORT: 8080, DATA_DIR: '/tmp/x' });
  });
  it('names every mistake', () => {
    let error: unknown;
    try {
      loadEnvironment({ PORT: 'abc', SQLITE_SYNCHRONOUS: 'OFF', JWT_SECRET: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    const problems = (error as EnvironmentError).problems.join('\n');
    expect(problems).toMatch(/PORT must be an integer/);
    expect(problems).toMatch(/SQLITE_SYNCHRONOUS must be FULL or NORMAL/);
    expect(problems).toMatch(/JWT_SECRET must be at least 32/);
    expect((error as EnvironmentError).problems).toHaveLength(3);
  });
});
