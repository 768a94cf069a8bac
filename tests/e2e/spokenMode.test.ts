import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.ts';
import { screenshot, type Visitor, withBrowser } from './support/browser.ts';
import { agree, checkIn, startRoom } from './support/flow.ts';

const e2e = withBrowser();

const PHONE = { viewport: { width: 375, height: 812 } };

/**
 * Counts what a person does, as their device receives it: every tap or click and every keystroke
 * (or character put in by any other input) the page gets from the user, not from script.
 */
async function countInput(person: Visitor) {
  await person.page.evaluate(() => {
    const counts = { taps: 0, keys: 0 };
    Object.assign(window, { inputCounts: counts });
    addEventListener(
      'click',
      (e) => {
        if (e.isTrusted) counts.taps++;
      },
      true,
    );
    addEventListener(
      'keydown',
      (e) => {
        if (e.isTrusted) counts.keys++;
      },
      true,
    );
    addEventListener(
      'beforeinput',
      (e) => {
        if (e.isTrusted) counts.keys += e.data?.length ?? 1;
      },
      true,
    );
  });
}

function inputCounts(page: Page): Promise<{ taps: number; keys: number }> {
  return page.evaluate(
    () => (window as unknown as { inputCounts: { taps: number; keys: number } }).inputCounts,
  );
}

/** A person's tap on a button, counted on the test's side too: the two counts must agree. */
function tapper(page: Page) {
  let taps = 0;
  return {
    async tap(name: string) {
      await page.getByRole('button', { name, exact: true }).click();
      taps++;
    },
    get taps() {
      return taps;
    },
  };
}

/** A whole-page screenshot from the top, so the pinned header is drawn where a person sees it. */
async function phoneShot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

async function stepHeading(page: Page, name: string) {
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

describe('spoken mode on the partners’ phones', () => {
  it('P8 T37 T11 a two-piece round with one correction in a spoken therapy room takes the speaker ≤ 10 taps and the listener ≤ 8, typing nothing', {
    timeout: 180_000,
  }, async () => {
    const therapist = await e2e.open('laptop', 'therapist');
    const a = await e2e.open('phone', 'partner A', PHONE);
    const b = await e2e.open('phone', 'partner B', PHONE);
    const t = therapist.page;
    const links = await startRoom(t, 'therapy', 'spoken');
    await t.getByRole('heading', { name: 'Who is here' }).waitFor();
    await a.page.goto(links.A ?? '');
    await b.page.goto(links.B ?? '');
    await t.getByRole('button', { name: 'Let Partner A in' }).click();
    await t.getByRole('button', { name: 'Let Partner B in' }).click();
    await agree(a.page);
    await agree(b.page);
    await checkIn(a.page, 'a hopeful part', 'Everyone in the room');
    await checkIn(b.page, 'a tired part', 'Everyone in the room');
    await stepHeading(a.page, 'Asking for the floor');

    // From here on every tap and keystroke of each partner is counted.
    await countInput(a);
    await countInput(b);
    const speaker = tapper(a.page);
    const listener = tapper(b.page);

    await expectAccessible(a.page, 'spoken: asking for the floor (phone)');
    await phoneShot(a.page, 'spoken-request-floor-phone');
    await speaker.tap('Ask for the floor');
    await listener.tap("I'm ready to listen");
    await stepHeading(a.page, 'U-turn');
    await phoneShot(a.page, 'spoken-u-turn-phone');
    await speaker.tap("I've turned inward");

    // Piece one, reflected, confirmed with "there's more" in the same tap (T11).
    await stepHeading(a.page, 'Speaking for a part');
    await expectAccessible(a.page, 'spoken: speaking (phone)');
    await phoneShot(a.page, 'spoken-speak-phone');
    await speaker.tap("I've said it");
    await stepHeading(b.page, 'Reflecting');
    await expectAccessible(b.page, 'spoken: reflecting (phone)');
    await phoneShot(b.page, 'spoken-reflect-phone');
    await listener.tap("I've reflected");
    await stepHeading(a.page, 'Checking the reflection');
    await expectAccessible(a.page, 'spoken: checking the reflection (phone)');
    await phoneShot(a.page, 'spoken-confirm-phone');
    await speaker.tap('Yes — there’s more');

    // Piece two, one correction ("Not quite"), then "that's all".
    await speaker.tap("I've said it");
    await listener.tap("I've reflected");
    await speaker.tap('Not quite');
    await stepHeading(b.page, 'Reflecting');
    await listener.tap("I've reflected");
    await speaker.tap('Yes — that’s all');

    // Summary, what makes sense, empathy, landing.
    await stepHeading(b.page, 'Summary');
    await phoneShot(b.page, 'spoken-summary-phone');
    await listener.tap("I've summed it up");
    await speaker.tap('Yes, you got all of it');
    await listener.tap("I've said what makes sense");
    await listener.tap("I've said how I imagine it feels");
    await speaker.tap('Yes, that fits');
    await stepHeading(a.page, 'How it landed');
    await phoneShot(a.page, 'spoken-landing-phone');
    await speaker.tap("I've said how it landed");
    await stepHeading(a.page, 'Swap or close');

    const speakerCounts = await inputCounts(a.page);
    const listenerCounts = await inputCounts(b.page);
    console.info(
      `spoken round, counted on the devices: speaker ${speakerCounts.taps} taps, ${speakerCounts.keys} keystrokes; listener ${listenerCounts.taps} taps, ${listenerCounts.keys} keystrokes`,
    );
    expect(speakerCounts).toEqual({ taps: speaker.taps, keys: 0 });
    expect(listenerCounts).toEqual({ taps: listener.taps, keys: 0 });
    expect(speakerCounts.taps).toBeLessThanOrEqual(10);
    expect(listenerCounts.taps).toBeLessThanOrEqual(8);

    // The record keeps each step taken, said aloud (T37).
    await a.page.getByText('Partner B reflected: said aloud', { exact: true }).first().waitFor();
    await phoneShot(a.page, 'spoken-round-done-phone');
    a.expectNoErrors();
    b.expectNoErrors();
  });
});

describe('spoken or written, chosen and switched by the couple', () => {
  it('P8 T37 a practice room started as spoken takes one tap a step; either partner switches it to written and the step asks for words', {
    timeout: 120_000,
  }, async () => {
    const a = await e2e.open('phone', 'partner A', PHONE);
    const b = await e2e.open('phone', 'partner B', PHONE);
    const links = await startRoom(a.page, 'practice', 'spoken');
    await b.page.goto(links.B ?? '');
    await agree(a.page);
    await agree(b.page);
    await checkIn(a.page, 'a hopeful part', 'Only me');
    await checkIn(b.page, 'a tired part', 'Only me');
    await a.page.getByRole('button', { name: 'Ask for the floor', exact: true }).click();
    await b.page.getByRole('button', { name: "I'm ready to listen" }).click();
    await a.page.getByRole('button', { name: "I've turned inward" }).click();
    await a.page.getByRole('button', { name: "I've said it" }).waitFor();

    await b.page.getByRole('button', { name: 'Switch to writing each step' }).click();
    await a.page.getByLabel('Speak for your part, a sentence or two at a time.').waitFor();
    expect(await a.page.getByRole('button', { name: "I've said it" }).count()).toBe(0);
    for (const page of [a.page, b.page])
      await page.getByText('The room is written now: each step is typed.').waitFor();
    await a.page.getByRole('button', { name: 'Switch to talking aloud (one tap a step)' }).click();
    await a.page.getByRole('button', { name: "I've said it" }).waitFor();
    a.expectNoErrors();
    b.expectNoErrors();
  });
});
