import { cacheControlFor, isAppPage } from './web-app';

describe('serving the web app', () => {
  it('lets browsers keep hashed assets for good and never store index.html', () => {
    expect(cacheControlFor('/assets/index-DtiEE5VP.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('/index.html')).toBe('no-store');
    expect(cacheControlFor('/favicon.svg')).toBe('no-cache');
  });

  it("answers index.html for the pages of the app, not for the server's paths or missing files", () => {
    expect(isAppPage('GET', '/')).toBe(true);
    expect(isAppPage('GET', '/queue/0190b2a4-1111-7000-8000-000000000000')).toBe(true);
    expect(isAppPage('HEAD', '/sign-in')).toBe(true);
    expect(isAppPage('POST', '/queue')).toBe(false);
    expect(isAppPage('GET', '/api/triage/x')).toBe(false);
    expect(isAppPage('GET', '/auth/options')).toBe(false);
    expect(isAppPage('GET', '/health/live')).toBe(false);
    expect(isAppPage('GET', '/assets/missing.js')).toBe(false);
    expect(isAppPage('GET', '/apiary')).toBe(true);
  });
});
