import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectAccessible, reportIncident, screenshot, signIn } from './support/console-page';

test.describe('statistics', () => {
  test('an analyst sees the period charted with small counts as "fewer than 5", and downloads exactly that as CSV', async ({
    page,
    request,
  }) => {
    // At least one incident reported today, so the period has figures of its own.
    await reportIncident(request, `CAD-STATS-${Date.now()}`);

    await signIn(page, 'Analyst', 'AN-0007');
    await expect(page).toHaveURL(/\/statistics$/);
    const totals = page.getByTestId('figures-totals');
    await expect(totals).toBeVisible();
    await expect(page.getByTestId('figures-detentions-over-time')).toBeVisible();
    await expect(page.getByRole('img', { name: /Bar chart of first place of safety/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Time to answer and to advice' })).toBeVisible();
    await expect(
      page.getByRole('heading', { name: 'By ethnicity (as the officer perceived it)' }),
    ).toBeVisible();
    await expect(page.getByTestId('period-shown')).toContainText(
      'Counts from 1 to 4 are shown as “fewer than 5”',
    );
    // Analysts are never shown a count of 1-4 as a number.
    for (const cell of await page.locator('.figures-table td').allTextContents()) {
      expect(cell).not.toMatch(/^[1-4]$/);
    }
    await expectAccessible(page);
    await screenshot(page, 'statistics');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^rcrp-statistics-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('source,measure,category,value');
    expect(lines[1]).toMatch(/^console,period,from,\d{4}-\d{2}-\d{2}$/);

    // One line for every figure in every table on the screen, with the same value in the same words' place.
    const cells = await page.locator('.figures-table tbody td').allTextContents();
    expect(lines.length - 3).toBe(cells.length);
    const value = (measure: string) =>
      lines
        .find((line) => line.startsWith(`${measure},`))
        ?.split(',')
        .pop();
    const shown = (label: string) =>
      totals.getByRole('row', { name: new RegExp(`^${label}`) }).getByRole('cell');
    for (const [measure, label] of [
      ['triage,calls,', 'Calls to the line'],
      ['outcomes,incidents,', 'Incidents reported'],
      ['outcomes,section136Detentions,', 'Section 136 detentions'],
    ] as const) {
      const inCsv = value(measure);
      const onScreen = await shown(label).textContent();
      expect(inCsv === '<5' ? 'fewer than 5' : Number(inCsv).toLocaleString('en-GB')).toBe(onScreen);
    }
    expect(value('outcomes,incidents,')).not.toBe('0');
  });
});
