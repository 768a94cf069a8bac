import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIDENTIALITY } from '../../client/src/components/confidentialityDefault.ts';
import { addCouple } from '../support/couples.ts';
import { signUpTherapist } from '../support/therapist.ts';
import { expectAccessible } from './support/axe.ts';
import { expectNoHorizontalScroll, shotDir, withBrowser } from './support/browser.ts';
import { therapyRoomOnPhones } from './support/flow.ts';

const e2e = withBrowser();

/** The phone the closing note's screenshots are taken on (issue 11). */
const PHONE = { viewport: { width: 390, height: 844 } };
const SHOTS = shotDir('issue11');

async function shot(page: Page, what: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/contract-${what}.png`, animations: 'disabled' });
}

describe('the contract, for real, in three browsers', () => {
  it('I43 I44 I45 I46 I47 each partner confirms where they are and answers privately; reads the text and agrees; the console alone sees the answers', {
    timeout: 180_000,
  }, async () => {
    const { room, t, a, b } = await therapyRoomOnPhones(e2e, PHONE);
    await t.ok({ type: 'setConfidentiality', text: DEFAULT_CONFIDENTIALITY });
    const console_ = await e2e.open('laptop', 'therapist');
    await console_.page.goto(room.seats.therapist?.link ?? '');
    const c = console_.page;
    await c.getByRole('heading', { name: 'The contract' }).waitFor();

    // I43: the text, in a box of its own, above "I agree", on each phone.
    for (const page of [a.page, b.page]) {
      await page.getByRole('heading', { name: 'Before we start today' }).waitFor();
      await page
        .getByRole('region', { name: 'What stays confidential, and its limits' })
        .getByText(/duty to warn/)
        .waitFor();
      await expectNoHorizontalScroll(page);
    }
    await expectAccessible(a.page, 'before we start today (phone)');
    await shot(a.page, 'start-of-session');

    // I44 I45: A says where they are and "not sure"; B "yes". Both screens then say the same (I46).
    await a.page.getByLabel(/Where are you for this session\?/).fill('at home, the study');
    await a.page.getByRole('button', { name: 'Confirm where I am' }).click();
    await a.page.getByText('Your therapist knows where you are today: at home, the study').waitFor();
    await a.page
      .getByRole('group', { name: 'Is it safe for you to speak openly today?' })
      .getByRole('button', { name: 'Not sure' })
      .click();
    await b.page
      .getByRole('group', { name: 'Is it safe for you to speak openly today?' })
      .getByRole('button', { name: 'Yes' })
      .click();
    for (const page of [a.page, b.page]) {
      await page.getByText('Thank you. Only your therapist sees your answer.').waitFor();
    }
    // I46: the answered card reads the same on both phones, whatever each answered.
    const answered = (page: Page) => page.locator('.start-check .start-check-row').last().innerHTML();
    expect(await answered(a.page)).toBe(await answered(b.page));
    await expectAccessible(a.page, 'answered (phone)');
    await shot(a.page, 'answered');

    // I47: the console alone is alerted, with a next step; it shows where A is.
    await c
      .getByRole('alert')
      .getByText(/Partner A answered “not sure” to “Is it safe for you to speak openly today\?”/)
      .waitFor();
    await c.getByText(/meeting each partner on their own/).waitFor();
    await c.getByText(/Where today: at home, the study \(confirmed/).waitFor();
    await expect.poll(() => b.page.getByText(/not sure/i).count()).toBe(0);
    await expectAccessible(c, 'console with the contract (laptop)');
    await c.screenshot({ path: `${SHOTS}/contract-console.png`, animations: 'disabled' });

    // The text as a partner reads it, above "I agree", on the phone.
    await a.page
      .getByRole('heading', { name: 'What stays confidential, and its limits' })
      .evaluate((heading) => {
        heading.scrollIntoView({ block: 'start' });
        window.scrollBy(0, -72); // below the pinned header
      });
    await a.page.screenshot({ path: `${SHOTS}/contract-confidentiality.png`, animations: 'disabled' });

    // I41: each agrees to the version they read; the console says so and the text is fixed.
    await a.page.getByRole('button', { name: 'I agree to the ground rules' }).click();
    await b.page.getByRole('button', { name: 'I agree to the ground rules' }).click();
    await c
      .getByText(/Agreed at .* to this confidentiality text\./)
      .first()
      .waitFor();
    await expect.poll(() => c.getByRole('button', { name: /Replace the text/ }).count()).toBe(0);
    await expect.poll(() => t.state?.contract.B?.confidentialitySeq).toBe(t.state?.confidentiality?.seq);

    // A "yes" later clears the alert.
    await a.page.getByRole('button', { name: 'Change my answer' }).click();
    await a.page.getByRole('button', { name: 'Yes' }).click();
    await expect.poll(() => c.getByText(/answered “not sure”/).count()).toBe(0);
    // I44: in a safety pause the console says where A is today, before any safety plan's location.
    await a.page.getByRole('button', { name: 'Safety pause' }).click();
    await c
      .getByRole('region', { name: 'What to do now' })
      .getByText('Partner A is at: at home, the study (confirmed today) · emergency contact: not given')
      .waitFor();
    for (const visitor of [a, b, console_]) visitor.expectNoErrors();
  });

  it('I42 I43 the couple page sets the couple’s text, starting from the default draft; a session started then shows it at the contract', {
    timeout: 120_000,
  }, async () => {
    const url = e2e.server.url;
    const account = await signUpTherapist(url);
    const couple = await addCouple(url, account, {
      A: { name: 'Sam', pronouns: 'she/her' },
      B: { name: 'Alex' },
    });
    const therapist = await e2e.open('laptop', 'therapist');
    const [cookieName, cookieValue] = account.cookie.split('=') as [string, string];
    await therapist.context.addCookies([{ name: cookieName, value: cookieValue, url }]);
    const t = therapist.page;
    await t.goto(`/practice/couples/${couple.id}`);
    const box = t.getByLabel('The text the partners read');
    await expect.poll(() => box.inputValue()).toBe(DEFAULT_CONFIDENTIALITY);
    await t
      .getByText(/not legal advice/)
      .first()
      .waitFor();
    await expectAccessible(t, 'couple page with the confidentiality text');
    await box.fill('COUPLE POLICY: what you tell me alone, I may bring to us both.');
    await t.getByRole('button', { name: 'Save the text' }).click();
    await t.getByText('Saved. Sessions started from now on show it.').waitFor();

    await t.getByRole('button', { name: 'Start a session' }).click();
    const inviteA = await t.getByLabel('Sam’s invite link').inputValue();
    const consoleLink = await t
      .getByRole('link', { name: 'Open the console in a new tab' })
      .getAttribute('href');
    const sam = await e2e.open('phone', 'Sam', PHONE);
    await sam.page.goto(inviteA);
    const consolePage = await therapist.context.newPage();
    await consolePage.goto(consoleLink ?? '');
    await consolePage.getByRole('button', { name: 'Let Sam in' }).click();
    await sam.page
      .getByRole('region', { name: 'What stays confidential, and its limits' })
      .getByText('COUPLE POLICY: what you tell me alone, I may bring to us both.')
      .waitFor();
    await consolePage.getByText('COUPLE POLICY', { exact: false }).first().waitFor();
    for (const visitor of [therapist, sam]) visitor.expectNoErrors();
  });
});
