import { expect, test } from '@playwright/test';
import { expectAccessible, reportIncident, screenshot, signIn, tokenFor } from './support/console-page';
import { SERVICE_URLS } from './support/stack';

test.describe('operations', () => {
  test("an operator erases a subject through the confirmation, and intake's record and the case view then read [erased]", async ({
    page,
    request,
  }) => {
    const incidentId = await reportIncident(request, `CAD-ERASE-${Date.now()}`);
    const operator = await tokenFor(request, 'operator', 'op-7');
    const before = await request.get(`${SERVICE_URLS.intake}/incidents/${incidentId}`, {
      headers: { Authorization: `Bearer ${operator}`, 'X-Access-Reason': 'Playwright: the subject to erase' },
    });
    const { subject } = (await before.json()) as { subject: { ref: string; name: string } };
    expect(subject.name).toBe('Jane Doe');

    await signIn(page, 'Operator', 'op-7');
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Operations' }).click();
    await expect(page.getByRole('heading', { name: 'Operations', level: 1 })).toBeVisible();
    await expect(page.getByTestId('dead-letters')).toBeVisible();
    await expect(page.getByTestId('dead-letter-row').first()).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'operations');

    // Nothing is sent without the legal basis and the reason.
    const form = page.getByTestId('subject-form');
    await form.getByLabel('Erase the personal data').check();
    await form.getByLabel('Incident ids of the subject').fill(incidentId);
    await form.getByRole('button', { name: 'Find the subject' }).click();
    await expect(form.getByText('Enter the legal basis')).toBeVisible();
    await form.getByLabel('Legal basis').fill('UK GDPR Art. 17(1)(b)');
    await form.getByLabel('Reason').fill('Erasure request upheld (Playwright)');
    await form.getByRole('button', { name: 'Find the subject' }).click();

    // The confirmation names the subject and the incident.
    const confirm = page.getByTestId('confirm');
    await expect(confirm.getByTestId('confirm-subject')).toHaveText(subject.ref);
    await expect(confirm.getByTestId('confirm-incidents')).toHaveText(incidentId);
    await expect(confirm).toContainText('This cannot be undone');
    await expectAccessible(page);
    await screenshot(page, 'operations-confirm');
    await confirm.getByRole('button', { name: 'Confirm: erase the personal data' }).click();

    const done = page.getByTestId('subject-done');
    await expect(done).toContainText(`done for ${subject.ref}`);
    await done.getByRole('button', { name: `Read intake’s record of ${incidentId}` }).click();
    await expect(done.getByTestId('record-name')).toHaveText('[erased]');
    await expect(done.getByTestId('record-summary')).toHaveText('[erased]');

    // The reads made on the way are in the audit, merged across the services.
    const audit = page.getByRole('form', { name: 'Filter the read audit' });
    await audit.getByLabel('Incident id').fill(incidentId);
    await audit.getByRole('button', { name: 'Filter' }).click();
    const rows = page.getByTestId('audit-row');
    await expect(
      rows.filter({ hasText: 'Subject request (erase the personal data): UK GDPR Art. 17(1)(b)' }),
    ).toHaveCount(1);
    await expect(rows.filter({ hasText: 'Checking the effect of a subject request' })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'Playwright: the subject to erase' })).toHaveCount(1);
    await expectAccessible(page);
    await page.getByTestId('audit-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'operations-audit');

    // The case view, read with a reason, shows the erased values as erased: the report's name and summary.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Case' }).click();
    await page.getByLabel('Incident id or CAD reference').fill(incidentId);
    await page.getByRole('button', { name: 'Open case' }).click();
    await expect(page).toHaveURL(new RegExp(`/case/${incidentId}$`));
    await page.getByLabel('Reason for reading this case').fill('Playwright: the erasure seen in the case view');
    await page.getByRole('button', { name: 'Read the case' }).click();
    const erased = page.getByTestId('erased');
    await expect(erased.first()).toBeVisible({ timeout: 30_000 });
    await expect(erased.filter({ hasText: '[erased]' })).not.toHaveCount(0);
    await expect(page.getByText('Jane Doe')).toHaveCount(0);
    await expectAccessible(page);
    await screenshot(page, 'case-erased');
  });
});
