import { expect, test } from '@playwright/test';
import { expectAccessible, reportIncident, screenshot, signIn, tokenFor } from './support/console-page';
import { SERVICE_URLS } from './support/stack';

test.describe('the live queue', () => {
  test('a clinician sees a new report appear without reload, answers it, assesses risk and advises', async ({
    page,
    request,
  }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in$/);
    await expectAccessible(page);
    await screenshot(page, 'sign-in');

    await signIn(page, 'Clinician on the line', 'RN-0042');
    await expect(page).toHaveURL(/\/queue$/);
    await expect(page.getByRole('navigation', { name: 'Screens' }).getByRole('link')).toHaveText([
      'Live queue',
      'Case',
      'Detentions',
    ]);
    await expect(page.getByTestId('stream-status')).toHaveText('Live');

    // An officer's system reports the incident to intake; triage queues it; the open page shows it.
    const externalRef = `CAD-E2E-${Date.now()}`;
    const incidentId = await reportIncident(request, externalRef);
    const row = page.getByTestId('queue-row').filter({ hasText: externalRef });
    await expect(row).toBeVisible();
    await expect(row).toContainText('Suicidal ideation');
    await expect(row).toContainText('PC-4821');
    await expect(row).toContainText('Lambeth');
    await expect(row).toContainText('Public place');
    await expect(row).toContainText('met-cad');
    await expect(row.getByText('New')).toBeVisible();
    await expect(page.getByTestId('announcer')).toContainText('New call, priority');
    const waited = await row.getByTestId('waiting').textContent();
    await expect.poll(() => row.getByTestId('waiting').textContent(), { timeout: 5_000 }).not.toBe(waited);
    await expectAccessible(page);
    await screenshot(page, 'queue');

    // Answer: the call leaves the queue and opens with the reason given once.
    await row.getByRole('link', { name: new RegExp(`Answer ${externalRef}`) }).click();
    await expect(page).toHaveURL(new RegExp(`/queue/${incidentId}$`));
    const panel = page.getByTestId('call-panel');
    await expect(panel.getByLabel('Reason for reading this call')).toHaveValue('Answering the call');
    await panel.getByRole('button', { name: 'Answer call' }).click();
    await expect(panel.getByTestId('call-status')).toHaveText('Answered');
    await expect(page.getByTestId('queue-row').filter({ hasText: externalRef })).toHaveCount(0);

    // A rule refuses closing before advice: shown inline with its rule id.
    await panel.getByRole('button', { name: 'Close triage' }).click();
    const refusal = panel.getByTestId('close-form').getByTestId('problem');
    await expect(refusal).toContainText('Refused by a rule');
    await expect(refusal.getByTestId('rule-id')).toHaveText('TRIAGE-CLOSE-WITHOUT-ADVICE');

    // Risk assessment, with the form's own check first.
    const risk = panel.getByTestId('risk-form');
    await risk.getByRole('button', { name: 'Record risk assessment' }).click();
    await expect(risk.getByText('choose the level of risk')).toBeVisible();
    await risk.getByLabel('Level of risk').selectOption({ label: 'High' });
    await risk.getByLabel('Risk factors').fill('On the wrong side of the railings\nStated intent');
    await risk.getByLabel('Rationale').fill('Immediate plan and means; will not move back.');
    await risk.getByRole('button', { name: 'Record risk assessment' }).click();
    await expect(panel.getByTestId('done')).toHaveText('Risk assessment recorded.');
    await expect(panel.getByTestId('call-history')).toContainText('Risk High (RN-0042)');

    // Someone else records first: the 409 reloads the call and says what changed.
    const operator = await tokenFor(request, 'operator', 'op-7');
    const current = await request.get(`${SERVICE_URLS.triage}/triage/${incidentId}`, {
      headers: {
        Authorization: `Bearer ${operator}`,
        'X-Access-Reason': 'Playwright: a second clinician records',
      },
    });
    const { version } = (await current.json()) as { version: number };
    const elsewhere = await request.post(`${SERVICE_URLS.triage}/triage/${incidentId}/records-check`, {
      headers: { Authorization: `Bearer ${operator}`, 'If-Match': String(version) },
      data: { clinicianId: 'RN-0099', knownToServices: true, notes: 'Known to the crisis team' },
    });
    expect(elsewhere.status()).toBe(200);
    const advice = panel.getByTestId('advice-form');
    await expect(advice.getByLabel('Profession of the clinician advising')).toHaveValue('registered-nurse');
    await advice.getByLabel('Recommendation').selectOption({ label: 'Refer to crisis team' });
    await advice.getByLabel('Rationale').fill('Crisis team can attend within the hour; officer to stay.');
    await advice.getByRole('button', { name: 'Give advice' }).click();
    await expect(panel.getByTestId('changed')).toContainText('1 new records check by RN-0099');
    await expect(panel.getByTestId('call-history')).toContainText(
      'Records check (RN-0099): known to services',
    );

    // Sent again on the reloaded call, the advice is recorded.
    await panel.getByTestId('advice-form').getByRole('button', { name: 'Give advice' }).click();
    await expect(panel.getByTestId('done')).toHaveText('Advice recorded.');
    await expect(panel.getByTestId('call-history')).toContainText('Advice Refer to crisis team (RN-0042');
    await expectAccessible(page);
    await panel.getByTestId('call-summary').scrollIntoViewIfNeeded();
    await screenshot(page, 'call');
  });

  test('signing out clears the session and returns to the sign-in', async ({ page }) => {
    await signIn(page, 'Operator', 'op-7');
    await expect(page.getByRole('navigation', { name: 'Screens' }).getByRole('link')).toHaveText([
      'Live queue',
      'Case',
      'Detentions',
      'Statistics',
      'Operations',
    ]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByText('You signed out.')).toBeVisible();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.goto('/queue');
    await expect(page).toHaveURL(/\/sign-in$/);
  });
});
