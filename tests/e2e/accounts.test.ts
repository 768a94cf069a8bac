import jsQR from 'jsqr';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.ts';
import { expectNoHorizontalScroll, screenshot, withBrowser } from './support/browser.ts';
import { signUpInBrowser } from './support/flow.ts';

const e2e = withBrowser();

/** The refusals these walks provoke on purpose (an empty form, a sign-in that asks for the code, a used code). */
const EXPECTED_REFUSALS = [/Failed to load resource: the server responded with a status of (400|401)/];

async function signOut(page: Page) {
  await page.goto('/account');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL('**/signin');
}

async function signIn(page: Page, account: { email: string; password: string }) {
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function enterCode(page: Page, code: string) {
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('a therapist account on a phone (M1, M4, M8)', () => {
  it('M8 sign up, turn on two-step sign-in, sign out, sign in with the app code; a recovery code works once', {
    timeout: 120_000,
  }, async () => {
    const therapist = await e2e.open('phone', 'therapist');
    const { page } = therapist;
    await page.goto('/signup');
    await expectAccessible(page, 'sign-up (phone)');
    await expectNoHorizontalScroll(page);
    await page.getByRole('button', { name: 'Create my account' }).click();
    // The first problem is shown at its field, tied to it.
    const email = page.getByLabel('Email');
    await page.getByText('Enter an email address.').waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await email.getAttribute('aria-describedby')).toBe('signup-email-error');
    await expectAccessible(page, 'sign-up with an error (phone)');

    const account = await signUpInBrowser(page, { name: 'Dr Amara Osei' });
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Dr Amara Osei' }).waitFor();
    await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
    const key = ((await page.getByLabel('Setup key').textContent()) ?? '').replace(/\s/g, '');
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    const otpauthUrl =
      (await page.getByRole('link', { name: 'Open it in your authenticator app' }).getAttribute('href')) ??
      '';
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(otpauthUrl).toContain(`secret=${key}`);
    // The QR code is that same address (M8): read back from the pixels the page drew, as a camera would.
    const qr = page.getByAltText(/QR code holding the setup key/);
    await qr.waitFor();
    const pixels = await qr.evaluate((img: HTMLImageElement) => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d');
      context?.drawImage(img, 0, 0);
      const data = context?.getImageData(0, 0, canvas.width, canvas.height);
      return { width: canvas.width, height: canvas.height, data: Array.from(data?.data ?? []) };
    });
    const read = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
    expect(read?.data).toBe(otpauthUrl);
    await expectAccessible(page, 'two-step set-up (phone)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'account-two-step-setup-phone');
    const app = new TOTP({ secret: Secret.fromBase32(key) });
    await page.getByLabel('2. Type the 6-digit code your app shows').fill(app.generate());
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    // allTextContents() does not wait: wait for the codes to be shown first (a slow answer read none).
    const shown = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await shown.first().waitFor();
    const codes = await shown.allTextContents();
    expect(codes).toHaveLength(10);
    await expectAccessible(page, 'recovery codes (phone)');
    await screenshot(page, 'account-recovery-codes-phone');
    await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
    await page.getByText('Recovery codes left: 10').waitFor();

    await signOut(page);
    await signIn(page, account);
    await page.getByRole('heading', { name: 'Two-step sign-in' }).waitFor();
    await expectAccessible(page, 'sign-in code step (phone)');
    // The code of the next step: the one that confirmed the set-up may still be the current one, and
    // no code works twice.
    await enterCode(page, app.generate({ timestamp: Date.now() + 30_000 }));
    await page.waitForURL('**/practice');

    await signOut(page);
    await signIn(page, account);
    const recovery = codes[0] ?? '';
    await enterCode(page, recovery);
    await page.waitForURL('**/practice');
    await page.goto('/account');
    await page.getByText('Recovery codes left: 9').waitFor();

    await signOut(page);
    await signIn(page, account);
    await enterCode(page, recovery);
    const code = page.getByLabel('Code', { exact: true });
    await page.getByText('That code is not right, or it was used already.').waitFor();
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    expect(await code.getAttribute('aria-describedby')).toContain('signin-code-error');
    await expectAccessible(page, 'sign-in with a used code (phone)');
    expect(page.url()).toMatch(/\/signin$/);

    therapist.expectNoErrors(EXPECTED_REFUSALS);
  });

  it('M4 M10 invite a colleague from the account page; sign out everywhere ends the other browser too', async () => {
    const laptop = await e2e.open('laptop', 'therapist on a laptop');
    const phone = await e2e.open('phone', 'the same therapist on a phone');
    const account = await signUpInBrowser(laptop.page);
    await phone.page.goto('/signin');
    await signIn(phone.page, account);
    await phone.page.waitForURL('**/practice');

    await laptop.page.goto('/account');
    await laptop.page.getByRole('button', { name: 'Make an invite link' }).click();
    const link = await laptop.page.getByLabel('Invite link').inputValue();
    expect(link).toMatch(new RegExp(`^${e2e.server.url}/signup#invite=`));
    await expectAccessible(laptop.page, 'the account page with an invite (laptop)');

    const colleague = await e2e.open('phone', 'colleague');
    await colleague.page.goto(link);
    await colleague.page.getByText('You were invited by a colleague.').waitFor();
    await colleague.page.getByLabel('Your name').fill('Dr Lena Berg');
    await colleague.page.getByLabel('Email').fill('lena@example.org');
    await colleague.page.getByLabel('Password').fill('a long password here');
    await colleague.page.getByRole('button', { name: 'Create my account' }).click();
    await colleague.page.waitForURL('**/practice');

    await laptop.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await laptop.page.waitForURL('**/signin');
    await phone.page.goto('/account');
    await phone.page.getByText('You are not signed in on this browser.').waitFor();

    for (const visitor of [laptop, phone, colleague]) visitor.expectNoErrors();
  });
});
