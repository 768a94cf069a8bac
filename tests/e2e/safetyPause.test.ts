import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.ts';
import { screenshot, withBrowser } from './support/browser.ts';
import { checkIn, therapyRoomOnPhones } from './support/flow.ts';

/** Safety that never drifts (issue 9 §4), on the partners' phones. */
const e2e = withBrowser({
  server: {
    crisisResources: {
      emergency: 'If you or anyone is in danger, call your local emergency number now.',
      countries: {
        GB: [{ name: 'Samaritans', phone: '116 123', hours: '24/7' }],
        US: [{ name: '988 Suicide & Crisis Lifeline', phone: '988' }],
      },
    },
  },
});

const PHONE = { viewport: { width: 375, height: 812 }, locale: 'en-GB' };

async function phoneShot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** Fills the optional safety plan on the ground-rules screen, then agrees. */
async function agreeWithPlan(page: Page, summary: RegExp, keep: string) {
  await page.getByText(summary).click();
  await page.getByLabel('Where are you right now?').fill('at home, the kitchen');
  await page.getByLabel('An emergency contact').fill('my sister, 07700 900123');
  await page.getByRole('button', { name: keep }).click();
  await page.getByRole('button', { name: 'I agree to the ground rules' }).click();
}

describe('the safety pause on the partners’ phones', () => {
  it('P11 T28 T30 a timer does not run out during a safety pause, and the pause screen says what to do now: the emergency sentence first, one’s own safety plan, the crisis lines', {
    timeout: 120_000,
  }, async () => {
    const { t, a, b } = await therapyRoomOnPhones(e2e, PHONE);
    await agreeWithPlan(a.page, /^Safety plan for your therapist/, 'Share with my therapist');
    await b.page.getByRole('button', { name: 'I agree to the ground rules' }).click();
    await checkIn(a.page, 'a careful part', 'Everyone in the room');
    await checkIn(b.page, 'a tired part', 'Everyone in the room');

    await t.ok({ type: 'setTimer', seconds: 20, label: 'Speaking' });
    await a.page.getByText(/^Speaking: 0:[01]\d left$/).waitFor();
    await a.page.getByRole('button', { name: 'Safety pause' }).click();
    await a.page.getByText('You called a safety pause. Take all the time you need.').waitFor();
    // A minute passes on A's phone; then the therapist adds a minute, so the screen shows the timer
    // anew: a frozen timer reads 1:xx left, one that ran on through the pause 0:xx.
    await a.page.clock.setSystemTime(Date.now() + 60_000);
    await t.ok({ type: 'extendTimer', seconds: 60 });
    await a.page
      .locator('.turn-banner .timer')
      .getByText(/^Speaking: 1:[01]\d left \(stopped while paused\)$/)
      .waitFor();

    // What to do now: the emergency sentence first, A's own plan, the lines with A's country first.
    const help = a.page.getByRole('region', { name: 'What to do now' });
    const lines = await help.locator('p, li').allTextContents();
    expect(lines[0]).toBe('If you or anyone is in danger, call your local emergency number now.');
    await help.getByText('Where you are: at home, the kitchen').waitFor();
    await help.getByText('Your emergency contact: my sister, 07700 900123').waitFor();
    const countries = await help.locator('.country').allTextContents();
    expect(countries).toEqual(['GB', 'US']);
    await help.getByText('Samaritans · call 116 123 · 24/7').waitFor();
    await expectAccessible(a.page, 'safety pause: what to do now');
    await phoneShot(a.page, 'safety-pause-what-to-do-phone');

    // B sees the crisis lines too, never A's plan (A12).
    const bHelp = b.page.getByRole('region', { name: 'What to do now' });
    await bHelp.getByText('Samaritans · call 116 123 · 24/7').waitFor();
    expect(await bHelp.getByText(/at home, the kitchen/).count()).toBe(0);
    a.expectNoErrors();
    b.expectNoErrors();
  });

  it('P11 T30 A12 in a practice room each partner may keep a safety plan of their own, shown to them alone on the safety pause screen', {
    timeout: 120_000,
  }, async () => {
    const room = await e2e.server.createRoom('practice', 'written');
    const a = await e2e.open('phone', 'partner A', PHONE);
    const b = await e2e.open('phone', 'partner B', PHONE);
    await a.page.goto(room.seats.A?.link ?? '');
    await b.page.goto(room.seats.B?.link ?? '');
    await agreeWithPlan(a.page, /^A safety plan for yourself/, 'Keep my safety plan');
    await a.page.getByText(/Your safety plan is kept here, for you alone/).waitFor();
    await b.page.getByLabel(/safe word/).fill('lighthouse');
    await b.page.getByRole('button', { name: 'I agree to the ground rules' }).click();
    await b.page.getByRole('button', { name: 'Safety pause' }).click();
    const help = a.page.getByRole('region', { name: 'What to do now' });
    await help.getByText('Where you are: at home, the kitchen').waitFor();
    const bHelp = b.page.getByRole('region', { name: 'What to do now' });
    await bHelp.getByText('If you or anyone is in danger, call your local emergency number now.').waitFor();
    expect(await bHelp.getByText(/at home, the kitchen/).count()).toBe(0);
    await phoneShot(a.page, 'practice-safety-pause-own-plan-phone');
    a.expectNoErrors();
    b.expectNoErrors();
  });
});
