import { defineConfig } from '@playwright/test';
import { CONSOLE_URL, stackServers } from './support/stack';

/**
 * The console in a real browser against the real stack (issue 17): Debian's Chromium, headless; the three services
 * and the console started as processes against the test database (rcrp_test) and the test broker, stopped at the
 * end. `scripts/test.sh` runs this after jest; alone: `npx playwright test -c apps/console/e2e/playwright.config.ts`
 * with the test broker up (docs/console.md, "Tests").
 */
export default defineConfig({
  testDir: '.',
  outputDir: '../../../reports/console/artifacts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../../../reports/playwright.json' }]],
  use: {
    baseURL: CONSOLE_URL,
    headless: true,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
  webServer: stackServers(),
});
