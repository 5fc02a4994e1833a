import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, screenshot } from './support/console-page';
import { OIDC_CONSOLE_URL, OIDC_ISSUER, startOidcStack, type OidcStack } from './support/oidc-stack';

/** The bearer token the console holds for this tab (session.ts), and its expiry. */
async function heldToken(page: Page): Promise<{ token: string; exp: number } | null> {
  const stored = await page.evaluate(() => sessionStorage.getItem('rcrp.console.session'));
  if (stored === null) return null;
  const { token } = JSON.parse(stored) as { token: string };
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number };
  return { token, exp: claims.exp };
}

/** The next answer of a service through the console sent with this bearer token. */
function apiAnswerWith(page: Page, token: string) {
  return page.waitForResponse(
    (response) =>
      new URL(response.url()).pathname.startsWith('/api/') &&
      response.request().headers().authorization === `Bearer ${token}`,
  );
}

async function signInAtProvider(page: Page, login: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${OIDC_ISSUER}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('not-checked-by-the-test-provider');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

test.describe('the production sign-in (OpenID Connect at a real provider)', () => {
  let stack: OidcStack | undefined;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    stack = await startOidcStack();
  });
  test.afterAll(async () => {
    await stack?.stop();
  });

  test('a clinician signs in at the provider, works with its token, is renewed before expiry and signs out', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto(`${OIDC_CONSOLE_URL}/`);
    await expect(page).toHaveURL(/\/sign-in$/);
    const signInButton = page.getByRole('button', { name: "Sign in with your organisation's account" });
    await expect(signInButton).toBeVisible();
    await expect(page.getByLabel('Name or staff id')).toHaveCount(0);
    await expectAccessible(page);
    await screenshot(page, 'sign-in-production');

    // Code + PKCE: the provider's login and consent pages, then back to the callback and on to the queue.
    await signInButton.click();
    await signInAtProvider(page, 'RN-0042');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveURL(`${OIDC_CONSOLE_URL}/queue`);
    await expect(page.getByTestId('signed-in-as')).toHaveText('RN-0042');
    const first = await heldToken(page);
    expect(first).not.toBeNull();
    // Triage verified the provider's token through its JWKS: the queue is live.
    await expect(page.getByTestId('stream-status')).toHaveText('Live');

    // A minute before it expires, the token is renewed with the refresh token; the services take the new one.
    const renewal = await page.waitForRequest(
      (request) =>
        request.url() === `${OIDC_ISSUER}/token` && /grant_type=refresh_token/.test(request.postData() ?? ''),
      { timeout: 60_000 },
    );
    expect(Date.now() / 1000).toBeLessThan(first!.exp);
    expect((await renewal.response())?.status()).toBe(200);
    await expect.poll(async () => (await heldToken(page))?.token).not.toBe(first!.token);
    const second = (await heldToken(page))!;
    expect(second.exp).toBeGreaterThan(first!.exp);
    const answered = apiAnswerWith(page, second.token);
    await page.reload();
    expect((await answered).status()).toBe(200);
    await expect(page.getByTestId('stream-status')).toHaveText('Live');
    await expect(page.getByTestId('signed-in-as')).toHaveText('RN-0042');

    // Signing out ends the session at the provider too, and leaves nothing in the tab.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(new RegExp(`^${OIDC_ISSUER}/session/end`));
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect(page).toHaveURL(`${OIDC_CONSOLE_URL}/sign-in/signed-out`);
    await expect(page.getByText('You signed out.')).toBeVisible();
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
    await page.goto(`${OIDC_CONSOLE_URL}/queue`);
    await expect(page).toHaveURL(/\/sign-in$/);
    // The provider asks who you are again: its session ended.
    await page.getByRole('button', { name: "Sign in with your organisation's account" }).click();
    await expect(page.locator('input[name="login"]')).toBeVisible();
  });
});
