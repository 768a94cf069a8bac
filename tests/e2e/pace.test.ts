import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PART_SPEAKING_INVITATION } from '../../shared/index.ts';
import { expectAccessible } from './support/axe.ts';
import { screenshot, withBrowser } from './support/browser.ts';
import { agree, checkIn, namePart, requestFloor, therapyRoomOnPhones } from './support/flow.ts';

/** The listener's and the speaker's pace (issue 9 §3) on the partners' phones. */
const e2e = withBrowser();

const PHONE = { viewport: { width: 375, height: 812 } };
const SPEAK_BOX = 'Speak for your part, a sentence or two at a time.';

async function stepHeading(page: Page, name: string) {
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

async function phoneShot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** A written practice room, both partners agreed and checked in, at round 1's request for the floor. */
async function practiceRoom() {
  const room = await e2e.server.createRoom('practice', 'written');
  const a = await e2e.open('phone', 'partner A', PHONE);
  const b = await e2e.open('phone', 'partner B', PHONE);
  await a.page.goto(room.seats.A?.link ?? '');
  await b.page.goto(room.seats.B?.link ?? '');
  await agree(a.page);
  await agree(b.page);
  await checkIn(a.page, 'a careful part', 'Only me');
  await checkIn(b.page, 'a tired part', 'Only me');
  await stepHeading(a.page, 'Asking for the floor');
  return { a, b };
}

describe('the pace on the partners’ phones', () => {
  it('P10 T38 the listener asks "Shorter, please" while the speaker has the floor; the speaker sees it gently; it is in the record', {
    timeout: 120_000,
  }, async () => {
    const { a, b } = await practiceRoom();
    await requestFloor(a.page, 'our weekends');
    await b.page.getByRole('button', { name: "I'm ready to listen" }).click();
    await namePart(a.page, 'the worrier');
    await stepHeading(a.page, 'Speaking for a part');
    await b.page.getByRole('button', { name: 'Shorter, please' }).click();
    await a.page.getByText(/Your partner asks: a little shorter, please/).waitFor();
    await b.page.getByText('You asked for shorter pieces. Your partner sees it.').waitFor();
    expect(await b.page.getByRole('button', { name: 'Shorter, please' }).count()).toBe(0);
    for (const page of [a.page, b.page]) await page.getByText(/asked: shorter, please\./).waitFor();
    await expectAccessible(a.page, 'shorter, please (speaker)');
    await phoneShot(a.page, 'pace-shorter-please-speaker-phone');
    a.expectNoErrors();
    b.expectNoErrors();
  });

  it('P10 W1 T8 in a written room words that may come from a part get the invitation before sending, never a block: a one-tap U-turn, or send it as it is', {
    timeout: 120_000,
  }, async () => {
    const { a, b } = await practiceRoom();
    await requestFloor(a.page, 'our weekends');
    await b.page.getByRole('button', { name: "I'm ready to listen" }).click();
    await namePart(a.page, 'the worrier');
    const box = a.page.getByLabel(SPEAK_BOX);
    await box.fill('You never make time for me.');
    await a.page.getByRole('button', { name: 'Send this piece' }).click();
    await a.page.getByText(PART_SPEAKING_INVITATION).waitFor();
    await expectAccessible(a.page, 'the gentle check (speaker)');
    await phoneShot(a.page, 'pace-part-speaking-invitation-phone');
    // Nothing was sent: the listener still waits, the words are still in the box.
    await stepHeading(b.page, 'Speaking for a part');
    expect(await box.inputValue()).toBe('You never make time for me.');

    // The one-tap U-turn: the part named before, again, and back to the piece.
    await a.page.getByRole('button', { name: 'Make a U-turn first' }).click();
    await a.page.getByRole('button', { name: 'It is the worrier again' }).click();
    await box.fill('A part of me feels alone when the weekend fills up.');
    await a.page.getByRole('button', { name: 'Send this piece' }).click();
    await stepHeading(b.page, 'Reflecting');

    // The listener's reflection of it is not checked; a jab in a sentence of its own is, and may be sent anyway.
    const reflect = b.page.getByLabel(/Reflect the essence/);
    await reflect.fill('I heard a part of you feels alone. Whatever.');
    await b.page.getByRole('button', { name: 'Send my reflection' }).click();
    await b.page.getByText(PART_SPEAKING_INVITATION).waitFor();
    await b.page.getByRole('button', { name: 'Send it as it is' }).click();
    await stepHeading(a.page, 'Checking the reflection');
    a.expectNoErrors();
    b.expectNoErrors();
  });

  it('P10 T7 "Not now — in ten minutes": the speaker sees the answer at once, and both get a reminder when the time comes', {
    timeout: 120_000,
  }, async () => {
    const { a, b } = await practiceRoom();
    await requestFloor(a.page, 'our evenings');
    await b.page.getByRole('button', { name: 'Not now — in ten minutes' }).click();
    await a.page.getByText(/Your partner said not now: in 10 minutes \(at /).waitFor();
    await b.page.getByText(/You said not now: in 10 minutes/).waitFor();
    await phoneShot(a.page, 'pace-not-now-phone');
    expect(await a.page.getByText(/It is time/).count()).toBe(0);
    // Eleven minutes later on both devices' clocks (timers keep running as they do).
    for (const page of [a.page, b.page]) await page.clock.setSystemTime(Date.now() + 11 * 60_000);
    await a.page.getByText(/It is time: your partner said they would be ready to listen now/).waitFor();
    await b.page.getByText('It is time: you said you would be ready to listen now.').waitFor();
    await expectAccessible(a.page, 'not now: the reminder');
    await phoneShot(a.page, 'pace-not-now-reminder-phone');
    a.expectNoErrors();
    b.expectNoErrors();
  });

  it('P10 T38 the piece counter counts against the room’s piece limit set by the therapist: a gentle word from 80%, and too long waits', {
    timeout: 120_000,
  }, async () => {
    const { t, a, b } = await therapyRoomOnPhones(e2e, PHONE);
    await t.ok({ type: 'setPieceLimit', chars: 100 });
    await agree(a.page);
    await agree(b.page);
    await checkIn(a.page, 'a careful part', 'Everyone in the room');
    await checkIn(b.page, 'a tired part', 'Everyone in the room');
    await requestFloor(a.page, 'our weekends');
    await b.page.getByRole('button', { name: "I'm ready to listen" }).click();
    await namePart(a.page, 'the worrier');
    const box = a.page.getByLabel(SPEAK_BOX);
    await box.fill('A part of me feels worn out.');
    await a.page.getByText('28 / 100', { exact: true }).waitFor();
    await box.fill(
      'A part of me feels worn out when the weekend fills up before we have had one quiet hour.',
    );
    await a.page.getByText(/^88 \/ 100 — a sentence or two is enough/).waitFor();
    await box.fill(
      'A part of me feels worn out when the weekend fills up before we have had one quiet hour together, and then it shuts down.',
    );
    await a.page
      .getByText('A little long — keep it to 100 characters and send the rest as another piece.')
      .waitFor();
    expect(await a.page.getByRole('button', { name: 'Send this piece' }).isDisabled()).toBe(true);
    await phoneShot(a.page, 'pace-piece-limit-phone');
    for (const page of [a.page, b.page])
      await page.getByText('The therapist set the piece limit to 100 characters.').waitFor();
    a.expectNoErrors();
    b.expectNoErrors();
  });
});
