import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.ts';
import { expectNoHorizontalScroll, screenshot, withBrowser } from './support/browser.ts';
import { signUpInBrowser } from './support/flow.ts';

// The server is reached as http://localhost:<port> (testServer.ts): WebAuthn refuses IP addresses as
// RP IDs, and localhost counts as a secure context, so Chromium lets the page use passkeys.
const e2e = withBrowser();

/** The refusal this walk provokes on purpose: signing in with a passkey removed from the account. */
const EXPECTED_REFUSALS = [/Failed to load resource: the server responded with a status of 401/];

/**
 * Chromium's own virtual authenticator (CDP WebAuthn domain), standing in for a laptop's fingerprint
 * reader: CTAP2, built in, keeps discoverable credentials, verifies the user, and answers the
 * browser's dialog by itself.
 */
async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

async function signOut(page: Page) {
  await page.goto('/account');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL('**/signin');
}

describe('passkeys in the browser (M12, M13)', () => {
  it('M12 M13 add a passkey on the account page, sign out, sign in with it (no email typed), then remove it', {
    timeout: 120_000,
  }, async () => {
    const therapist = await e2e.open('phone', 'therapist');
    const { page } = therapist;
    const authenticator = await addVirtualAuthenticator(page);
    await signUpInBrowser(page, { name: 'Dr Noor Haddad' });

    await page.goto('/account');
    const section = page.getByRole('region', { name: 'Passkeys' });
    await section.getByText('You have no passkeys yet.').waitFor();
    await section.getByRole('button', { name: 'Add a passkey' }).click();
    await section.getByText('Give the passkey a name, such as the device it is on.').waitFor();
    await section.getByLabel('Name for a new passkey').fill('MacBook');
    await section.getByRole('button', { name: 'Add a passkey' }).click();
    await section.getByRole('status').getByText('Passkey “MacBook” added.', { exact: false }).waitFor();
    const item = section
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'MacBook' }) });
    await item.getByText(/Not used yet/).waitFor();
    const stored = await authenticator.credentials();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.isResidentCredential).toBe(true);
    expect(stored[0]?.rpId).toBe('localhost');
    await expectAccessible(page, 'account with a passkey (phone)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'passkeys-account-phone');

    await signOut(page);
    await expectAccessible(page, 'sign-in with a passkey button (phone)');
    await screenshot(page, 'passkeys-signin-phone');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL('**/practice');
    expect((await authenticator.credentials())[0]?.signCount).toBeGreaterThan(0);

    await page.goto('/account');
    await item.getByText(/Last used/).waitFor();
    await item.getByRole('button', { name: 'Remove MacBook…' }).click();
    const ask = page.getByRole('alertdialog');
    await ask.getByText('Remove “MacBook”?', { exact: false }).waitFor();
    await expectAccessible(page, 'removing a passkey (phone)');
    await ask.getByRole('button', { name: 'Keep it' }).click();
    await item.getByRole('button', { name: 'Remove MacBook…' }).click();
    await ask.getByRole('button', { name: 'Yes, remove it' }).click();
    await section.getByText('You have no passkeys yet.').waitFor();

    // The device still holds it, but the account no longer knows it: sign-in says so, plainly.
    await signOut(page);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page
      .getByRole('alert')
      .getByText(/not known here/)
      .waitFor();
    expect(new URL(page.url()).pathname).toBe('/signin');
    await expectAccessible(page, 'sign-in with a removed passkey (phone)');
    therapist.expectNoErrors(EXPECTED_REFUSALS);
  });
});
