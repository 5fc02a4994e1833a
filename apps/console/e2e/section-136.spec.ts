import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, reportIncident, screenshot, signIn, tokenFor } from './support/console-page';
import { SERVICE_URLS } from './support/stack';

const REASON = 'Playwright: recording the section 136 steps';

/** Opens a case from the Case screen by its CAD reference and gives the reason for reading it. */
async function openCase(page: Page, externalRef: string, incidentId: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Case' }).click();
  await page.getByLabel('Incident id or CAD reference').fill(externalRef);
  await page.getByRole('button', { name: 'Open case' }).click();
  await expect(page).toHaveURL(new RegExp(`/case/${incidentId}$`));
  await giveReason(page);
}

async function giveReason(page: Page): Promise<void> {
  await page.getByLabel('Reason for reading this case').fill(REASON);
  await page.getByRole('button', { name: 'Read the case' }).click();
  // Outcomes hears of the incident from intake's topic a moment after the report: the screen retries until then.
  await expect(page.getByTestId('outcome-summary')).toBeVisible({ timeout: 30_000 });
}

/** Chooses a step and submits its form; resolves to the form. */
async function record(
  page: Page,
  step: string,
  fill: (form: ReturnType<Page['getByTestId']>) => Promise<void> = async () => undefined,
) {
  await page.getByLabel('Step', { exact: true }).selectOption({ label: step });
  const form = page.getByTestId('s136-actions').locator('form');
  await expect(form.getByRole('heading', { name: step })).toBeVisible();
  await fill(form);
  await form.getByRole('button', { name: /^Record|^Close/ }).click();
  return form;
}

test.describe('section 136: the case view and the detention board', () => {
  test('an officer is refused at a private dwelling, then detains lawfully; the board counts down to arrival + 24 h; the record prints with its verification', async ({
    page,
    request,
  }) => {
    test.setTimeout(180_000);
    const stamp = Date.now();
    const dwellingRef = `CAD-S136-DW-${stamp}`;
    const publicRef = `CAD-S136-PP-${stamp}`;
    const dwelling = await reportIncident(request, dwellingRef, 'private-dwelling');
    const lawful = await reportIncident(request, publicRef, 'public-place');

    // Outcomes hears of each incident from intake's topic (its consumer may still be joining its group): wait for it
    // through the API, so the browser steps below time what the screen does, not the broker.
    const operator = await tokenFor(request, 'operator', 'op-7');
    for (const incidentId of [dwelling, lawful]) {
      await expect
        .poll(
          async () =>
            (
              await request.get(`${SERVICE_URLS.outcomes}/outcomes/${incidentId}`, {
                headers: {
                  Authorization: `Bearer ${operator}`,
                  'X-Access-Reason': 'Playwright: waiting for outcomes',
                },
              })
            ).status(),
          { timeout: 90_000, intervals: [500, 1000, 2000] },
        )
        .toBe(200);
    }

    await signIn(page, 'Police officer', 'PC-4821');
    await expect(page.getByRole('navigation', { name: 'Screens' }).getByRole('link')).toHaveText([
      'Case',
      'Detentions',
    ]);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Case' }).click();
    await expectAccessible(page);

    // Rule 1: no section 136 in a home.
    await openCase(page, dwellingRef, dwelling);
    const refused = await record(page, 'Detention under section 136');
    await expect(refused.getByTestId('problem')).toContainText('Refused by a rule');
    await expect(refused.getByTestId('rule-id')).toHaveText('S136-PRIVATE-DWELLING');
    await expectAccessible(page);
    await screenshot(page, 'case-refused');

    // A lawful detention: consultation, detention, place of safety, arrival.
    await openCase(page, publicRef, lawful);
    await record(page, 'Consultation (rule 2)', async (form) => {
      await form.getByLabel('Consultation').selectOption({ label: 'Consulted' });
      await form.getByLabel('Profession consulted').selectOption({ label: 'Registered nurse' });
    });
    await expect(page.getByTestId('done')).toHaveText('Consultation (rule 2) recorded.');
    await record(page, 'Detention under section 136');
    await expect(page.getByTestId('done')).toHaveText('Detention under section 136 recorded.');
    const place = await record(page, 'Place of safety', async (form) => {
      await form.getByRole('button', { name: 'Record place of safety' }).click();
      await expect(form.getByText('choose the kind of place')).toBeVisible();
      await form.getByLabel('Kind of place').selectOption({ label: 'Health based place of safety' });
      await form.getByLabel('Name of the place').fill('Maudsley HBPoS');
      await form
        .getByRole('group', { name: /Kept where found/ })
        .getByLabel('No')
        .check();
      await form.getByRole('group', { name: 'The place is a dwelling' }).getByLabel('No').check();
    });
    await expect(page.getByTestId('done')).toHaveText('Place of safety recorded.');
    await expect(place).toBeVisible();
    await record(page, 'Arrival at the place of safety');
    await expect(page.getByTestId('done')).toHaveText('Arrival at the place of safety recorded.');
    await expect(page.getByTestId('outcome-stage')).toHaveText('Detained at the place of safety');

    // The deadline is 24 hours from the arrival as outcomes recorded it.
    const events = await request.get(`${SERVICE_URLS.outcomes}/outcomes/${lawful}/events`, {
      headers: {
        Authorization: `Bearer ${operator}`,
        'X-Access-Reason': 'Playwright: checking the deadline',
      },
    });
    expect(events.status()).toBe(200);
    const arrival = (
      (await events.json()) as { events: Array<{ type: string; occurredAt: string }> }
    ).events.find((event) => event.type === 'ArrivedAtPlaceOfSafety');
    expect(arrival).toBeDefined();
    const deadline = new Date(Date.parse(arrival!.occurredAt) + 24 * 3600_000).toISOString();
    await expect(page.getByTestId('outcome-deadline')).toHaveAttribute('datetime', deadline);

    // The board: the detention with that deadline, counting down every second.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Detentions' }).click();
    await expect(page.getByTestId('stream-status')).toHaveText('Live');
    const row = page.locator(`[data-testid="detention-row"][data-incident-id="${lawful}"]`);
    await expect(row).toBeVisible();
    await expect(row).toHaveAttribute('data-deadline', deadline);
    await expect(row).toHaveAttribute('data-state', 'running');
    await expect(row).toContainText('Maudsley HBPoS');
    await expect(row.getByTestId('countdown')).toContainText(/^2[34]:[0-5]\d:[0-5]\d/);
    const before = await row.getByTestId('countdown').textContent();
    await expect.poll(() => row.getByTestId('countdown').textContent(), { timeout: 5_000 }).not.toBe(before);
    await expect(page.locator(`[data-testid="detention-row"][data-incident-id="${dwelling}"]`)).toHaveCount(
      0,
    );
    await expectAccessible(page);
    await screenshot(page, 'detentions');

    // The row opens its case: the whole record after the reason, triage's part not for an officer.
    await row.getByRole('link', { name: /Open case/ }).click();
    await expect(page).toHaveURL(new RegExp(`/case/${lawful}$`));
    await giveReason(page);
    const entries = page.getByTestId('record-entry');
    await expect(entries.first()).toHaveAttribute('data-type', 'IncidentReported');
    for (const type of [
      'Section136ConsultationRecorded',
      'Section136Detained',
      'PlaceOfSafetyChosen',
      'ArrivedAtPlaceOfSafety',
    ])
      await expect(page.locator(`[data-testid="record-entry"][data-type="${type}"]`)).toHaveCount(1);
    await expect(page.getByTestId('stream-triage')).toContainText('not available to your role');
    await expect(page.getByTestId('stream-intake')).toContainText('hash chain verified');
    await expect(page.getByTestId('stream-outcomes')).toContainText('hash chain verified (4 events)');
    await expectAccessible(page);
    await screenshot(page, 'case');

    // The print record: who printed it, when and why, each stream's verification.
    await page.getByRole('link', { name: 'Print record' }).click();
    await expect(page).toHaveURL(new RegExp(`/case/${lawful}/print$`));
    const print = page.getByTestId('print-record');
    await expect(print.getByTestId('printed-by')).toContainText('Printed by PC-4821 (Police officer');
    await expect(print.getByTestId('printed-by')).toContainText(REASON);
    await expect(print.getByTestId('stream-outcomes')).toContainText('hash chain verified');
    await expect(print.getByTestId('record-entry')).toHaveCount(await entries.count());
    await expectAccessible(page);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('banner')).toBeHidden();
    await screenshot(page, 'case-print');
    await page.emulateMedia({ media: 'screen' });
  });

  test('a clinician has the board; the case view refuses a reason too short to audit', async ({ page }) => {
    await signIn(page, 'Clinician on the line', 'RN-0042');
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Detentions' }).click();
    await expect(page.getByTestId('stream-status')).toHaveText('Live');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, 'Operator', 'op-7');
    await page.goto('/case/00000000-0000-4000-8000-000000000000');
    await page.getByLabel('Reason for reading this case').fill('short');
    await page.getByRole('button', { name: 'Read the case' }).click();
    await expect(page.getByText('must be at least 10 characters')).toBeVisible();
  });
});
