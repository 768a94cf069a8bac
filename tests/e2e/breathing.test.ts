import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.ts';
import { shotDir, withBrowser } from './support/browser.ts';
import { agree, checkIn, consoleAndPhones, requestFloor } from './support/flow.ts';

/** A short breathing pause (I11: the operator's BREATHING_SECONDS), so the test sees it end by itself. */
const e2e = withBrowser({ server: { breathingSeconds: 12 } });

/** The phone of the closing note's screenshots. */
const PHONE = { viewport: { width: 390, height: 844 }, locale: 'en-GB' };
const SHOTS = shotDir('issue11');

async function phoneShot(page: Page, what: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/breathe-${what}.png`, animations: 'disabled' });
}

/** The same breathing pause as one screen shows it: who asked, and when it ends (server clock). */
async function breathingOn(page: Page) {
  const pause = page.locator('.breathing');
  await pause.waitFor();
  return {
    who: (await pause.getByRole('heading').textContent())?.trim(),
    until: await pause.getAttribute('data-until'),
  };
}

describe('slowing down on every screen', () => {
  it('I10 I12 I13 I16 I17 I18 a partner taps Breathe: the therapist and both phones show the same guided pause, it ends by itself back at the step; a break shows its guidance', {
    timeout: 180_000,
  }, async () => {
    // B's phone asks for less motion: the words stay, the circle goes (I13).
    const { therapist, a, b, t } = await consoleAndPhones(e2e, {
      console: { viewport: { width: 1280, height: 800 } },
      a: PHONE,
      b: { ...PHONE, reducedMotion: 'reduce' },
    });
    await agree(a.page);
    await agree(b.page);
    await checkIn(a.page, 'a worried part', 'Me and my therapist');
    await checkIn(b.page, 'a hopeful part', 'Me and my therapist');
    await requestFloor(a.page, 'the holidays');
    const ready = b.page.getByRole('button', { name: "I'm ready to listen" });
    await ready.waitFor();

    // I18: B taps Breathe, under their step.
    await b.page.getByRole('button', { name: 'Breathe', exact: true }).click();
    const seen = [await breathingOn(t), await breathingOn(a.page), await breathingOn(b.page)];
    // I13: the same pause everywhere — the same end, and who asked, from each reader's side.
    expect(seen.map((s) => s.until)).toEqual([seen[0]?.until, seen[0]?.until, seen[0]?.until]);
    expect(seen.map((s) => s.who)).toEqual([
      'Partner B asked for a breathing pause.',
      'Your partner asked for a breathing pause.',
      'You asked for a breathing pause.',
    ]);
    await a.page.getByText(/^\d+ seconds? left$/).waitFor();
    await a.page
      .locator('.breathing-words')
      .filter({ hasText: /Breathe in…|…and out…/ })
      .waitFor();
    expect(await a.page.locator('.breathing-circle').isVisible()).toBe(true);
    expect(await b.page.locator('.breathing-circle').isVisible()).toBe(false);
    await b.page.locator('.breathing-words').waitFor();
    // I13, I14: only the therapist may end it early; the partners' screens have no button on it.
    expect(await t.locator('.breathing').getByRole('button', { name: 'End early' }).count()).toBe(1);
    expect(await a.page.locator('.breathing').getByRole('button').count()).toBe(0);
    expect(await b.page.locator('.breathing').getByRole('button').count()).toBe(0);
    await expectAccessible(a.page, 'the breathing pause (phone)');
    await phoneShot(a.page, 'breathing-phone');

    // I12: nobody resumes; it ends by itself and every screen is back on the step.
    for (const page of [t, a.page, b.page]) {
      await page.locator('.breathing').waitFor({ state: 'detached', timeout: 45_000 });
    }
    await ready.waitFor();
    await a.page.getByText('Getting ready to listen · your partner’s turn').waitFor();
    await ready.click();

    // I15, I17: A is flooded and takes a break; every screen shows the guidance and the time to come back.
    await a.page.getByText('Take a break').click();
    await a.page.getByRole('button', { name: 'Take a break of 20 minutes' }).click();
    for (const page of [t, a.page, b.page]) await page.locator('.break-guidance').waitFor();
    await b.page.getByText('Your partner asked for a break of 20 minutes.').waitFor();
    await b.page.getByText('Your body needs about 20 minutes to settle.').waitFor();
    await b.page.getByText(/^Come back at \d{1,2}:\d{2}/).waitFor();
    // I16: the other partner waits for the time; the one who asked may come back sooner.
    await b.page.getByText('Either of you can come back once it is time.').waitFor();
    await expectAccessible(b.page, 'the break (phone)');
    await phoneShot(b.page, 'break-phone');
    await t.getByRole('button', { name: 'Resume the room' }).waitFor();
    await a.page.getByRole('button', { name: 'Come back to the room' }).click();
    for (const page of [t, a.page, b.page]) {
      await page.locator('.break-guidance').waitFor({ state: 'detached' });
    }
    await b.page.getByRole('button', { name: 'Breathe', exact: true }).waitFor();
    therapist.expectNoErrors();
    a.expectNoErrors();
    b.expectNoErrors();
  });
});
