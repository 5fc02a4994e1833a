import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPORT_EXAMPLE } from '../../../intake/src/http/examples';
import { CONSOLE_URL, SERVICE_URLS } from './stack';

const SCREENSHOTS = resolve(__dirname, '../../../../reports/console');

/**
 * A screenshot of the screen as a person sees it (the window, 1440x900), to reports/console/<name>.png on every run,
 * for review and the README.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}

/** axe-core on the page as it stands: no serious or critical violation (issue 17). */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  expect(serious).toEqual([]);
}

/** Signs in through the development sign-in screen, with the keyboard's labels as a person reads them. */
export async function signIn(page: Page, roleLabel: string, name: string): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel(roleLabel).check();
  await page.getByLabel('Name or staff id').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(name);
}

/** A token from the console's development sign-in, for the API calls a test makes beside the browser. */
export async function tokenFor(request: APIRequestContext, role: string, sub: string): Promise<string> {
  const answer = await request.post(`${CONSOLE_URL}/auth/dev-token`, { data: { role, sub } });
  expect(answer.status()).toBe(201);
  return ((await answer.json()) as { token: string }).token;
}

/**
 * Reports an incident to intake's API, as an officer's system would (in a public place unless `locationKind` says
 * otherwise); resolves to its incident id.
 */
export async function reportIncident(
  request: APIRequestContext,
  externalRef: string,
  locationKind = REPORT_EXAMPLE.location.kind,
): Promise<string> {
  const token = await tokenFor(request, 'officer', 'PC-4821');
  const answer = await request.post(`${SERVICE_URLS.intake}/incidents`, {
    headers: { Authorization: `Bearer ${token}` },
    // Intake's own example report (Swagger UI's), from a CAD system with this test's reference, reported now.
    data: {
      ...REPORT_EXAMPLE,
      source: { system: 'met-cad', externalRef },
      location: { ...REPORT_EXAMPLE.location, kind: locationKind },
      reportedAt: new Date().toISOString(),
    },
  });
  expect(answer.status()).toBe(201);
  return ((await answer.json()) as { incidentId: string }).incidentId;
}
