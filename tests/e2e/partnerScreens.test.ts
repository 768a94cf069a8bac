import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.ts';
import { expectNoHorizontalScroll, screenshot, type Visitor, withBrowser } from './support/browser.ts';
import { agree, checkIn, expectHeadline, namePart, requestFloor, startRoom, write } from './support/flow.ts';

// A short grace period, so a partner who leaves shows as gone within the test (P6).
const e2e = withBrowser({ server: { seatGraceMs: 1500 } });

/** The small phone the safety button must fit on (an iPhone SE), and the usual one. */
const SMALL_PHONE = { viewport: { width: 375, height: 667 } };
const PHONE = { viewport: { width: 375, height: 812 } };

/** Text enlarged to 200%, as a person with the browser's text size at 200% would see it. */
async function enlargeText(page: Page) {
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
  });
}

/** The safety pause button is wholly inside the viewport, wherever the page is scrolled. */
async function expectSafetyInView(person: Visitor, where: string) {
  const { page } = person;
  const button = page.getByRole('button', { name: 'Safety pause' });
  await button.waitFor();
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  for (const scroll of ['as it is', 'scrolled to the top', 'scrolled to the bottom'] as const) {
    if (scroll === 'scrolled to the top') await page.evaluate(() => window.scrollTo(0, 0));
    if (scroll === 'scrolled to the bottom')
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const box = await button.boundingBox();
    const inside =
      box !== null &&
      box.x >= 0 &&
      box.y >= 0 &&
      box.x + box.width <= viewport.width &&
      box.y + box.height <= viewport.height;
    expect(
      inside,
      `Safety pause at ${JSON.stringify(box)} in ${viewport.height} px, ${where}, ${scroll}`,
    ).toBe(true);
  }
}

/** A whole-page screenshot taken from the top, so the pinned header is drawn where a person sees it. */
async function phoneShot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** The labels above the quoted words of the current step (what the person is answering). */
function quoteLabels(page: Page) {
  return page.locator('.context .who').allTextContents();
}

async function stepHeading(page: Page, name: string) {
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

/** A practice room where both partners agreed and checked in; A asked for the floor and named a part. */
async function practiceAtSpeak(options = PHONE) {
  const a = await e2e.open('phone', 'partner A', options);
  const b = await e2e.open('phone', 'partner B', options);
  const links = await startRoom(a.page, 'practice');
  await b.page.goto(links.B ?? '');
  await agree(a.page);
  await agree(b.page);
  await checkIn(a.page, 'a careful part', 'Only me');
  await checkIn(b.page, 'a tired part', 'Only me');
  await requestFloor(a.page, 'our weekends');
  await b.page.getByRole('button', { name: "I'm ready to listen" }).click();
  await namePart(a.page, 'the worrier');
  return { a, b };
}

/**
 * A whole practice round through the screens, A speaking and B listening, with a pause at the
 * speaker's step, a correction, a safety pause, the close and the end. `visit` is called at each
 * stage once both screens show it.
 */
async function practiceRound(
  a: Visitor,
  b: Visitor,
  links: { B?: string },
  visit: (stage: string) => Promise<void>,
) {
  await b.page.goto(links.B ?? '');
  await stepHeading(a.page, 'Before we begin');
  await stepHeading(b.page, 'Before we begin');
  await visit('ground rules');
  await agree(a.page);
  await agree(b.page);
  await stepHeading(a.page, 'Check-in');
  await stepHeading(b.page, 'Check-in');
  await visit('check-in');
  await checkIn(a.page, 'a careful part', 'Only me');
  await checkIn(b.page, 'a tired part', 'Only me');

  await stepHeading(a.page, 'Asking for the floor');
  await visit('asking for the floor');
  await requestFloor(a.page, 'our weekends');
  await stepHeading(b.page, 'Getting ready to listen');
  await visit('getting ready to listen');
  await b.page.getByRole('button', { name: "I'm ready to listen" }).click();
  await stepHeading(a.page, 'U-turn');
  await visit('U-turn');
  await namePart(a.page, 'the worrier');

  await stepHeading(a.page, 'Speaking for a part');
  await visit('speaking');
  await write(
    a.page,
    'Speak for your part, a sentence or two at a time.',
    'A part of me worries when weekends fill up.',
    'Send this piece',
  );
  await stepHeading(b.page, 'Reflecting');
  await visit('reflecting');
  await write(
    b.page,
    /Reflect the essence/,
    'A part of you worries about full weekends.',
    'Send my reflection',
  );
  await stepHeading(a.page, 'Checking the reflection');
  await visit('checking the reflection');

  await a.page.getByRole('button', { name: 'Pause', exact: true }).click();
  await b.page.getByText('The room is paused. It will continue exactly where it stopped.').waitFor();
  await visit('paused at the speaker’s step');
  await b.page.getByRole('button', { name: 'Resume' }).click();

  await write(a.page, 'Or say what was missed', 'It is not angry, it is tired.', 'Say what was missed');
  await write(b.page, /Reflect the essence/, 'A part of you is tired, not angry.', 'Send my reflection');
  await a.page.getByRole('button', { name: 'Yes, you got it' }).click();
  await stepHeading(a.page, 'Is there more?');
  await visit('is there more?');
  await a.page.getByRole('button', { name: "No, that's all for now" }).click();

  await stepHeading(b.page, 'Summary');
  await visit('summary');
  await write(b.page, /Sum up the whole/, 'You worry, and you are tired.', 'Send my summary');
  await stepHeading(a.page, 'Checking the summary');
  await visit('checking the summary');
  await a.page.getByRole('button', { name: 'Yes, you got all of it' }).click();
  await stepHeading(b.page, 'What makes sense');
  await visit('what makes sense');
  await write(b.page, /Say what makes sense to you/, 'What makes sense to me is that you need rest.', 'Send');
  await stepHeading(b.page, 'Empathy');
  await visit('empathy');
  await write(b.page, /Imagine how this feels/, 'I imagine a part of you feels worn out.', 'Send');
  await stepHeading(a.page, 'Checking the empathy');
  await visit('checking the empathy');
  await a.page.getByRole('button', { name: 'Yes, that fits' }).click();
  await stepHeading(a.page, 'How it landed');
  await visit('how it landed');
  await write(a.page, /How did that land/, 'Being heard felt good.', 'Send');

  await stepHeading(a.page, 'Swap or close');
  await visit('swap or close');
  await b.page.getByRole('button', { name: 'Safety pause' }).click();
  await a.page.getByText('A safety pause was called. Everything has stopped.').waitFor();
  await visit('safety pause');
  await b.page.getByRole('button', { name: 'Resume' }).click();
  await a.page.getByRole('button', { name: 'Move on to closing' }).click();
  await stepHeading(a.page, 'Closing');
  await stepHeading(b.page, 'Closing');
  await visit('closing');

  await a.page.getByRole('button', { name: 'End the practice…' }).click();
  await b.page.getByRole('alertdialog').getByRole('button', { name: 'Yes, end it' }).click();
  await expectHeadline(a.page, 'The practice has ended');
  await expectHeadline(b.page, 'The practice has ended');
  await visit('ended');
}

describe("the partner's screens on a phone", () => {
  it('T30 P1 the safety pause is inside a 375×667 viewport without scrolling at every stage, for both partners, at 100% and 200% text', {
    timeout: 240_000,
  }, async () => {
    const a = await e2e.open('phone', 'partner A', SMALL_PHONE);
    const b = await e2e.open('phone', 'partner B', SMALL_PHONE);
    const links = await startRoom(a.page, 'practice');
    let enlarged = false;
    await practiceRound(a, b, links, async (stage) => {
      // A reads at 100%, B at 200%: each stage is checked at both sizes, as speaker and as listener.
      if (!enlarged) {
        await enlargeText(b.page);
        enlarged = true;
      }
      if (stage === 'ended') return; // nothing left to pause
      await expectSafetyInView(a, `${stage} (partner A, 100% text)`);
      await expectSafetyInView(b, `${stage} (partner B, 200% text)`);
      if (stage === 'ground rules') await phoneShot(b.page, 'partner-ground-rules-200-percent-small-phone');
      if (stage === 'safety pause') {
        await expectAccessible(b.page, 'safety pause, 200% text (small phone)');
        await phoneShot(b.page, 'partner-safety-pause-200-percent-small-phone');
      }
      if (stage === 'closing') {
        await expectAccessible(b.page, 'closing, 200% text (small phone)');
        await expectNoHorizontalScroll(b.page);
      }
    });
    for (const person of [a, b]) person.expectNoErrors();
  });

  it('P2 every label speaks from the reader’s side: own words as "you", "is there more?" as the listener’s question, no therapist in practice, an ended record named as such', {
    timeout: 240_000,
  }, async () => {
    const a = await e2e.open('phone', 'partner A', PHONE);
    const b = await e2e.open('phone', 'partner B', PHONE);
    const links = await startRoom(a.page, 'practice');
    await practiceRound(a, b, links, async (stage) => {
      switch (stage) {
        case 'U-turn': {
          // A practice room has no therapist: the U-turn form must not promise one sees it.
          const fears = a.page.locator('label', { hasText: 'What is it afraid of?' });
          expect(await fears.textContent()).toContain('only you see this');
          expect(await fears.textContent()).not.toContain('therapist');
          break;
        }
        case 'reflecting':
          for (const label of await quoteLabels(b.page)) expect(label).toMatch(/^Your partner/);
          for (const label of await quoteLabels(a.page)) expect(label).toMatch(/^You(,| said)/);
          break;
        case 'checking the reflection':
          expect(await quoteLabels(b.page)).toEqual(['Your reflection']);
          expect(await quoteLabels(a.page)).toEqual(['Your partner heard']);
          await phoneShot(b.page, 'partner-listener-checking-phone');
          break;
        case 'paused at the speaker’s step':
          await b.page.getByText('The room is paused. Nothing moves until it resumes.').waitFor();
          await a.page.getByText('The room is paused. Your step is waiting for you.').waitFor();
          expect(await b.page.getByText('Your step is waiting for you').count()).toBe(0);
          await phoneShot(b.page, 'partner-listener-paused-phone');
          break;
        case 'is there more?':
          await a.page.getByText('Your partner asks: is there more?').waitFor();
          await b.page.getByText('You asked: is there more? Your partner is answering.').waitFor();
          await phoneShot(a.page, 'partner-speaker-is-there-more-phone');
          break;
        case 'checking the summary':
          expect(await quoteLabels(b.page)).toEqual(['Your summary']);
          expect(await quoteLabels(a.page)).toEqual(['Your partner’s summary']);
          break;
        case 'checking the empathy':
          expect(await quoteLabels(b.page)).toEqual(['What you imagined']);
          expect(await quoteLabels(a.page)).toEqual(['Your partner imagines']);
          break;
        case 'ended':
          for (const person of [a, b]) {
            await person.page.getByRole('heading', { name: 'The record of this practice' }).waitFor();
            expect(await person.page.getByRole('heading', { name: 'The conversation so far' }).count()).toBe(
              0,
            );
          }
          await expectAccessible(a.page, 'practice ended (phone)');
          await phoneShot(a.page, 'partner-ended-phone');
          break;
        default:
          break;
      }
    });
    for (const person of [a, b]) person.expectNoErrors();
  });

  it('P3 a sentence starter goes into the box, ends where the words begin, and leaves the cursor after it', async () => {
    const { a, b } = await practiceAtSpeak();
    await a.page.getByRole('button', { name: 'A part of me feels… when…' }).click();
    const piece = a.page.getByLabel('Speak for your part, a sentence or two at a time.');
    // Focused with the cursor at the end: typing carries straight on from the starter.
    await expect.poll(() => piece.evaluate((el) => el === document.activeElement)).toBe(true);
    await a.page.keyboard.type('worn out when every weekend is planned.');
    expect(await piece.inputValue()).toBe('A part of me feels worn out when every weekend is planned.');
    await a.page.getByRole('button', { name: 'Send this piece' }).click();

    const reflection = b.page.getByLabel(/Reflect the essence/);
    await reflection.waitFor();
    await b.page.getByRole('button', { name: 'I heard a part of you…' }).click();
    await expect.poll(() => reflection.evaluate((el) => el === document.activeElement)).toBe(true);
    await b.page.keyboard.type('feels worn out by full weekends.');
    expect(await reflection.inputValue()).toBe('I heard a part of you feels worn out by full weekends.');
    await b.page.getByRole('button', { name: 'Send my reflection' }).click();

    // The correction's starter joins the words that follow it ("…is that it is tired").
    await a.page.getByRole('button', { name: 'What you missed is that…' }).click();
    const missed = a.page.getByLabel('Or say what was missed');
    await expect.poll(() => missed.evaluate((el) => el === document.activeElement)).toBe(true);
    await a.page.keyboard.type('it is tired, not angry.');
    expect(await missed.inputValue()).toBe('What you missed is that it is tired, not angry.');
    await phoneShot(a.page, 'partner-starter-typed-phone');
    for (const person of [a, b]) person.expectNoErrors();
  });

  it('P4 a notice belongs to its moment: "Noted, quietly" and a refusal go when the step or the pause moves on', async () => {
    const { a, b } = await practiceAtSpeak();
    await write(
      a.page,
      'Speak for your part, a sentence or two at a time.',
      'A part of me worries when weekends fill up.',
      'Send this piece',
    );
    await b.page.getByRole('button', { name: 'I have an urge to speak' }).click();
    const noted = b.page.getByText(/Noted, quietly/);
    await noted.waitFor();
    await write(b.page, /Reflect the essence/, 'A part of you worries about weekends.', 'Send my reflection');
    await stepHeading(b.page, 'Checking the reflection');
    await expect.poll(() => noted.count()).toBe(0);

    // A refusal while paused ("The room is paused…") means nothing once the room goes on.
    await a.page.getByRole('button', { name: 'Pause', exact: true }).click();
    await b.page.getByText('The room is paused. Nothing moves until it resumes.').waitFor();
    await b.page.getByRole('button', { name: 'I have an urge to speak' }).click();
    const refusal = b.page
      .getByRole('alert')
      .filter({ hasText: 'The room is paused. It will continue where it stopped.' });
    await refusal.waitFor();
    await a.page.getByRole('button', { name: 'Resume' }).click();
    await b.page.getByText('Your partner is checking whether you got it.').waitFor();
    await expect.poll(() => refusal.count()).toBe(0);
    for (const person of [a, b]) person.expectNoErrors();
  });

  it('P5 at 200% text on a 375×812 phone the pinned header takes under a tenth of the screen and the calm rating’s words get most of the width', async () => {
    const a = await e2e.open('phone', 'partner A', PHONE);
    const b = await e2e.open('phone', 'partner B', PHONE);
    const links = await startRoom(a.page, 'practice');
    await b.page.goto(links.B ?? '');
    await agree(a.page);
    await agree(b.page);
    await stepHeading(a.page, 'Check-in');
    await enlargeText(a.page);
    const header = (await a.page.locator('header.room-header').boundingBox())?.height ?? 812;
    await a.page.getByRole('checkbox', { name: 'Rate how calm and curious I feel right now' }).check();
    await a.page.getByRole('slider', { name: /Calm and curious/ }).waitFor();
    // The width of the rating's words: everything in its label after the checkbox.
    const words = await a.page
      .locator('label', { hasText: 'Rate how calm and curious' })
      .evaluate((label) => {
        const range = document.createRange();
        range.setStartAfter(label.querySelector('input') as HTMLInputElement);
        range.setEnd(label, label.childNodes.length);
        return range.getBoundingClientRect().width;
      });
    console.log(
      `P5 at 200% text, 375×812: pinned header ${header.toFixed(0)} px = ${((header / 812) * 100).toFixed(1)}% of the screen; calm rating's words ${words.toFixed(0)} px wide`,
    );
    expect(header / 812).toBeLessThanOrEqual(0.1);
    expect(words).toBeGreaterThanOrEqual(0.6 * 375);
    await expectNoHorizontalScroll(a.page);
    await expectAccessible(a.page, 'check-in, 200% text (phone)');
    await phoneShot(a.page, 'partner-check-in-200-percent-phone');
    a.expectNoErrors();
  });

  it('P6 in a practice room each partner sees whether the other is here, reconnecting or gone', async () => {
    const a = await e2e.open('phone', 'partner A', PHONE);
    const links = await startRoom(a.page, 'practice');
    await a.page.getByText('Your partner has not joined yet.').waitFor();
    const b = await e2e.open('phone', 'partner B', PHONE);
    await b.page.goto(links.B ?? '');
    await a.page.getByText('Your partner is here.').waitFor();
    await b.page.getByText('Your partner is here.').waitFor();
    await expectAccessible(a.page, 'partner present (phone)');

    await b.page.close();
    await a.page.getByText(/Your partner’s connection dropped\. They are reconnecting/).waitFor();
    await a.page.getByText('Your partner has left the room.').waitFor();
    await phoneShot(a.page, 'partner-presence-left-phone');

    const back = await b.context.newPage();
    await back.goto(links.B ?? '');
    await a.page.getByText('Your partner is here.').waitFor();
    a.expectNoErrors();
  });

  it('P7 a practice room comes with a short safety notice, before and after it is made', async () => {
    const person = await e2e.open('phone', 'a partner', PHONE);
    await person.page.goto('/');
    const notice = person.page.getByRole('complementary', { name: 'Before you practise' });
    await notice.getByText(/fundamentally safe/).waitFor();
    expect(await notice.textContent()).toMatch(/afraid of your partner, or afraid of being hurt/);
    expect(await notice.textContent()).toMatch(/call your local emergency number/);
    await expectAccessible(person.page, 'home with the practice safety notice (phone)');
    await phoneShot(person.page, 'home-practice-safety-notice-phone');
    await person.page.getByRole('button', { name: 'Start a practice room' }).click();
    await person.page.getByRole('heading', { name: 'Your practice room is ready' }).waitFor();
    await notice.getByText(/fundamentally safe/).waitFor();
    await expectAccessible(person.page, 'practice room created (phone)');
    person.expectNoErrors();
  });
});
