import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { currentRound, type RoomState } from '../../shared/index.ts';
import { eventually } from '../support/eventually.ts';
import { expectAccessible } from './support/axe.ts';
import { screenshot, withBrowser } from './support/browser.ts';
import { agree, checkIn, namePart, requestFloor, therapyRoomOnPhones, write } from './support/flow.ts';

/**
 * Interventions that act on what they flag (issue 9 §2), seen on the partners' phones. The therapist
 * is a socket.io client written from docs/PROTOCOL.md, so these tests judge the partners' screens
 * only, whatever the console looks like.
 */
const e2e = withBrowser();

const PHONE = { viewport: { width: 375, height: 812 } };

const SPEAK_BOX = 'Speak for your part, a sentence or two at a time.';
const NOT_YOURS = 'Your therapist stopped that. It is not yours to answer.';

async function stepHeading(page: Page, name: string) {
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

/** The quoted words on the partner's card (what the step asks them to answer). */
function card(page: Page) {
  return page.locator('section.step .context');
}

async function phoneShot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** A written therapy room, both partners in and checked in, A speaking for "the worrier", B listening. */
async function roomAtSpeak() {
  const { t, a, b } = await therapyRoomOnPhones(e2e, PHONE);
  await agree(a.page);
  await agree(b.page);
  await checkIn(a.page, 'a worried part', 'Everyone in the room');
  await checkIn(b.page, 'a tired part', 'Everyone in the room');
  await requestFloor(a.page, 'money');
  await b.page.getByRole('button', { name: "I'm ready to listen" }).click();
  await namePart(a.page, 'the worrier');
  await stepHeading(a.page, 'Speaking for a part');
  const state = () => t.state as RoomState;
  return { t, a, b, state };
}

/** The seq of the latest entry of `kind` in the therapist's view of the round. */
function latestEntry(state: RoomState, kind: string): number {
  const seq = currentRound(state)?.entries.findLast((e) => e.kind === kind)?.seq;
  if (seq === undefined) throw new Error(`no ${kind} yet`);
  return seq;
}

describe('set-aside words on the partners’ phones', () => {
  it('P9 T26 contempt in a reflection is set aside: the speaker is told it is not theirs to answer and is no longer asked to check it; the listener turns inward and reflects the piece again', {
    timeout: 120_000,
  }, async () => {
    const { t, a, b } = await roomAtSpeak();
    await write(a.page, SPEAK_BOX, 'A part of me gets scared when the bills come.', 'Send this piece');
    await stepHeading(b.page, 'Reflecting');
    await write(
      b.page,
      /Reflect the essence/,
      'Whatever, here we go again with your money drama.',
      'Send my reflection',
    );
    await stepHeading(a.page, 'Checking the reflection');
    await card(a.page).getByText('here we go again').waitFor();

    await t.ok({ type: 'stopContempt', seat: 'B' });
    await t.ok({ type: 'contemptStep', step: 'u_turn' }); // I24: straight to the sequence's U-turn

    // The hurt partner: told plainly, moved off "Checking the reflection", the words gone from the card.
    await a.page.getByText(NOT_YOURS).waitFor();
    await stepHeading(a.page, 'Reflecting');
    expect(await a.page.getByRole('button', { name: 'Yes, you got it' }).count()).toBe(0);
    expect(await card(a.page).getByText('here we go again').count()).toBe(0);
    await expectAccessible(a.page, 'set aside: the partner the words were aimed at');
    await phoneShot(a.page, 'set-aside-contempt-speaker-phone');

    // The author turns inward, then reflects the piece again: their set-aside words are not on the card.
    await b.page.getByRole('heading', { name: 'A moment for a U-turn' }).waitFor();
    await namePart(b.page, 'the scorekeeper');
    await stepHeading(b.page, 'Reflecting');
    await card(b.page).getByText('A part of me gets scared when the bills come.').waitFor();
    expect(await card(b.page).getByText('here we go again').count()).toBe(0);
    await phoneShot(b.page, 'set-aside-contempt-listener-phone');

    // The record marks it, for both: on the words themselves and on the therapist's step.
    for (const page of [a.page, b.page]) {
      await page
        .locator('.record li.set-aside')
        .getByText(/here we go again with your money drama\.” — set aside: contempt$/)
        .waitFor();
      await page.getByText(/stepped in to stop contempt from .*\. \(set aside: contempt\)$/).waitFor();
    }
    a.expectNoErrors();
    b.expectNoErrors();
  });

  it('P9 T24 T27 any entry of the round can be set aside (the piece, after its reflection): the listener is told it is not theirs to answer; a rewind shows the step’s content again; both are in the record', {
    timeout: 120_000,
  }, async () => {
    const { t, a, b, state } = await roomAtSpeak();
    // Words from a part get the gentle check before sending (P10); the speaker sends them anyway.
    await a.page.getByLabel(SPEAK_BOX).fill('You never listen to me about money.');
    await a.page.getByRole('button', { name: 'Send this piece' }).click();
    await a.page.getByRole('button', { name: 'Send it as it is' }).click();
    await stepHeading(b.page, 'Reflecting');
    await write(b.page, /Reflect the essence/, 'I heard I never listen about money.', 'Send my reflection');
    await stepHeading(a.page, 'Checking the reflection');

    // Not the latest entry (the reflection) but the piece before it.
    await t.ok({ type: 'markFromPart', entrySeq: latestEntry(state(), 'piece') });
    await b.page.getByText(NOT_YOURS).waitFor();
    await stepHeading(b.page, 'Speaking for a part');
    expect(await card(b.page).count()).toBe(0);
    await a.page.getByText('Your therapist asked: is this all of you, or a part?').waitFor();
    await phoneShot(b.page, 'set-aside-from-part-listener-phone');

    await write(a.page, SPEAK_BOX, 'A part of me feels alone with the money worries.', 'Send this piece');
    await stepHeading(b.page, 'Reflecting');
    await card(b.page).getByText('A part of me feels alone with the money worries.').waitFor();
    expect(await card(b.page).getByText('You never listen').count()).toBe(0);
    await write(b.page, /Reflect the essence/, 'A part of you feels alone with it.', 'Send my reflection');
    await stepHeading(a.page, 'Checking the reflection');

    // Rewind to Reflecting: the listener's card shows the piece again, not an empty box.
    await t.ok({ type: 'rewind', to: 'reflect' });
    await stepHeading(b.page, 'Reflecting');
    await card(b.page).getByText('A part of me feels alone with the money worries.').waitFor();
    await phoneShot(b.page, 'rewind-reflecting-listener-phone');

    for (const page of [a.page, b.page]) {
      await page
        .locator('.record li.set-aside')
        .getByText(/You never listen to me about money\.” — set aside: spoken from a part$/)
        .waitFor();
      await page.getByText('The therapist went back to: Reflecting.').waitFor();
    }
    a.expectNoErrors();
    b.expectNoErrors();
  });

  it('P9 T25 during direct access the witness sees the exchange between the therapist and the part live', {
    timeout: 120_000,
  }, async () => {
    const { t, a, b } = await roomAtSpeak();
    await t.ok({ type: 'askDirectAccess', seat: 'A' });
    // I20: A's phone asks for consent first.
    await a.page.getByRole('button', { name: 'Yes', exact: true }).click();
    await stepHeading(b.page, 'Witnessing');
    await t.ok({ type: 'directSay', text: 'What does the worrier want you to know?' });
    const witnessed = b.page.locator('section.step .context');
    await witnessed.getByText('What does the worrier want you to know?').waitFor();
    await write(
      a.page,
      'Your therapist is talking with your part. Let it answer.',
      'That it keeps us safe.',
      'Send',
    );
    await eventually(() => {
      if (!(t.state as RoomState).directExchanges.some((line) => line.seat === 'A'))
        throw new Error('not yet');
    });
    await witnessed.getByText('That it keeps us safe.').waitFor();
    await witnessed.getByText('Your partner’s part').waitFor();
    await expectAccessible(b.page, 'witnessing (phone)');
    await phoneShot(b.page, 'witnessing-live-phone');
    a.expectNoErrors();
    b.expectNoErrors();
  });
});
