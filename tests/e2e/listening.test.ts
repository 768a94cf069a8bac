import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSeat } from '../support/clients.ts';
import { expectAccessible } from './support/axe.ts';
import { shotDir, withBrowser } from './support/browser.ts';
import { agree, checkIn, namePart, requestFloor, write } from './support/flow.ts';

/** Listening inside (issue 11 §1–§2, I1–I7) on the partners' phones and the therapist's console. */
const e2e = withBrowser();

const PHONE = { viewport: { width: 390, height: 844 } };
const SHOTS = `${shotDir('issue11')}/`;

/** A phone-sized picture of what the partner sees around `what`, for the closing note. */
async function phoneShot(page: Page, what: Locator, name: string) {
  await what.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}listen-${name}.png`, animations: 'disabled' });
}

const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true }).waitFor();

describe('listening inside on the phones', () => {
  it('I1 I3 I5 I6 I7 I8 the listener turns inside, the speaker checks for Self; the console sees it, the other partner does not', {
    timeout: 180_000,
  }, async () => {
    const room = await e2e.server.createRoom('therapy', 'written');
    const t = openSeat(e2e.server.url, room.token('therapist'));
    await t.connected();
    const console = await e2e.open('laptop', 'therapist console', { viewport: { width: 1280, height: 800 } });
    const a = await e2e.open('phone', 'partner A', PHONE);
    const b = await e2e.open('phone', 'partner B', PHONE);
    await console.page.goto(room.seats.therapist?.link ?? '');
    await a.page.goto(room.seats.A?.link ?? '');
    await b.page.goto(room.seats.B?.link ?? '');
    await t.ok({ type: 'admit', seat: 'A' });
    await t.ok({ type: 'admit', seat: 'B' });
    await agree(a.page);
    await agree(b.page);

    // I7: the light check at the start, on the check-in screen.
    const startCheck = a.page.getByRole('group', {
      name: 'Before you check in: how do you feel inside right now?',
    });
    await startCheck.waitFor();
    await startCheck.getByRole('button', { name: 'Calm' }).click();
    await startCheck.getByRole('button', { name: 'Curious' }).click();
    await expect
      .poll(() => startCheck.getByRole('button', { name: 'Curious' }).getAttribute('aria-pressed'))
      .toBe('true');
    await expectAccessible(a.page, 'the Self check at the start (phone)');
    await phoneShot(a.page, startCheck, 'self-check-start');
    await startCheck.getByRole('button', { name: "That's how I feel" }).click();
    await startCheck.waitFor({ state: 'detached' });
    await b.page.getByRole('button', { name: 'Skip' }).click();
    await checkIn(a.page, 'a worried part', 'Me and my therapist');
    await checkIn(b.page, 'a tired part', 'Me and my therapist');

    // I1 I3: the listener's card has three choices.
    await requestFloor(a.page, 'the holidays');
    await heading(b.page, 'Getting ready to listen');
    const card = b.page.locator('.listener-ready');
    await expectAccessible(b.page, "the listener's three choices (phone)");
    await phoneShot(b.page, card, 'ready-choices');
    await b.page.getByRole('button', { name: "A part of me doesn't want to listen" }).click();
    await b.page.getByLabel('What would you call this part?').fill('the judge');
    await b.page.getByLabel(/What is it afraid of/).fill('being fooled again');
    await phoneShot(b.page, b.page.locator('.listening-part'), 'listening-part');
    await b.page.getByRole('button', { name: 'Name this part' }).click();
    await b.page.getByText(/Noted\. When you are ready, say so/).waitFor();
    await b.page.getByRole('button', { name: 'I need help to listen' }).click();
    await b.page.getByText('Your therapist knows. They will help you in a moment.').waitFor();
    await console.page.getByText(/Partner B needs help to listen/).waitFor();
    await console.page
      .getByText(/A part of Partner B doesn't want to listen: the judge — fears being fooled again/)
      .waitFor();
    await expectAccessible(console.page, 'the console with a help ask (laptop)');
    // The status strip lists it with the partner's other parts, marked as named while listening.
    await console.page
      .locator('.strip-people li')
      .filter({ hasText: 'the judge' })
      .getByText('(while listening)', { exact: false })
      .waitFor();
    // I8: the speaker's phone shows nothing of it.
    expect(await a.page.getByText(/the judge|help to listen/).count()).toBe(0);
    await b.page.getByRole('button', { name: "I'm ready to listen" }).click();
    await console.page.getByText(/needs help to listen/).waitFor({ state: 'detached' });

    // I5 I6: "How do you feel toward this part?" — not there yet, turn inside again, then speak.
    await namePart(a.page, 'the planner');
    const toward = a.page.getByRole('group', { name: 'How do you feel toward this part?' });
    await toward.waitFor();
    await expectAccessible(a.page, 'the Self check after the U-turn (phone)');
    await phoneShot(a.page, toward, 'self-check');
    await toward.getByRole('button', { name: "I'm not there yet" }).click();
    const offer = a.page.getByText("That's all right. Turn inside again, or wait for your therapist.");
    await offer.waitFor();
    await console.page.getByText(/Partner A is not there yet toward their part/).waitFor();
    await expectAccessible(a.page, 'not there yet (phone)');
    await phoneShot(a.page, offer, 'not-yet');
    // It locks nothing: the box to speak is still there.
    await a.page.getByLabel('Speak for your part, a sentence or two at a time.').waitFor();
    await a.page.getByRole('button', { name: 'Turn inside again' }).click();
    await a.page.getByLabel('What would you call this part?').fill('the little one');
    await a.page.getByRole('button', { name: 'Name this part' }).click();
    await toward.getByRole('button', { name: 'Compassionate' }).click();
    await toward.getByRole('button', { name: "That's how I feel" }).click();
    await toward.waitFor({ state: 'detached' });
    await console.page.getByText(/not there yet toward their part/).waitFor({ state: 'detached' });
    await write(
      a.page,
      'Speak for your part, a sentence or two at a time.',
      'A part of me feels small.',
      'Send this piece',
    );
    await heading(b.page, 'Reflecting');
    expect(await b.page.getByText(/not there yet|How do you feel toward/).count()).toBe(0);

    // I7: the end, and the console's before and after.
    await t.ok({ type: 'startClosing' });
    const endCheck = a.page.getByRole('group', { name: 'Before you close: how do you feel inside now?' });
    await endCheck.getByRole('button', { name: 'Connected' }).click();
    await endCheck.getByRole('button', { name: "That's how I feel" }).click();
    await endCheck.waitFor({ state: 'detached' });
    const panel = console.page.getByRole('region', { name: 'Self checks' });
    await panel.getByText('Start: calm, curious · End: connected').waitFor();
    await panel.getByText('after a U-turn, toward the part: not there yet → compassionate').waitFor();
    for (const visitor of [console, a, b]) visitor.expectNoErrors();
  });

  it('I3 I10 in practice "I need help to listen" offers a calming line, the breathing pause and the time-out, and no therapist', {
    timeout: 120_000,
  }, async () => {
    const room = await e2e.server.createRoom('practice', 'written');
    const a = await e2e.open('phone', 'partner A', PHONE);
    const b = await e2e.open('phone', 'partner B', PHONE);
    await a.page.goto(room.seats.A?.link ?? '');
    await b.page.goto(room.seats.B?.link ?? '');
    await agree(a.page);
    await agree(b.page);
    for (const page of [a.page, b.page]) await page.getByRole('button', { name: 'Skip' }).click();
    await checkIn(a.page, 'a careful part', 'Only me');
    await checkIn(b.page, 'a tired part', 'Only me');
    await requestFloor(a.page, 'our weekends');
    await b.page.getByRole('button', { name: 'I need help to listen' }).click();
    const offer = b.page.locator('.listening-help');
    await offer.getByText('Breathe out slowly. You only need to listen, not agree.').waitFor();
    expect(await b.page.getByText(/therapist/i).count()).toBe(0);
    await expectAccessible(b.page, 'help to listen in practice (phone)');
    await phoneShot(b.page, offer, 'help-practice');
    // I3 with I10: the room offers the breathing pause both partners share; B ends it early.
    await offer.getByRole('button', { name: 'Breathe together for a minute' }).click();
    const guided = (page: typeof a.page, who: string) =>
      page.getByRole('heading', { name: `${who} asked for a breathing minute.` });
    await guided(a.page, 'Your partner').waitFor();
    await guided(b.page, 'You').waitFor();
    await b.page.getByRole('button', { name: 'End early' }).click();
    await guided(a.page, 'Your partner').waitFor({ state: 'detached' });
    await offer.getByRole('button', { name: 'Take a time-out' }).click();
    await b.page
      .getByText(/time-out/i)
      .first()
      .waitFor();
    a.expectNoErrors();
    b.expectNoErrors();
  });
});
