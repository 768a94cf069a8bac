import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RoomState } from '../../shared/index.ts';
import { openSeat } from '../support/clients.ts';
import { eventually } from '../support/eventually.ts';
import { expectAccessible } from './support/axe.ts';
import { shotDir, withBrowser } from './support/browser.ts';
import { agree, namePart, requestFloor, write } from './support/flow.ts';

/**
 * Part C of issue 11 in three browsers: the therapist's console on a laptop, each partner on a phone
 * (390×844). Direct access asks for consent (I20, I21), ends with the witness's turn (I22, I23);
 * stop contempt walks its steps (I24–I26); the therapist chooses a response from the heart (I27, I28).
 */
const e2e = withBrowser();

const PHONE = { viewport: { width: 390, height: 844 } };
const SHOTS = `${shotDir('issue11')}/`;
const SPEAK_BOX = 'Speak for your part, a sentence or two at a time.';

/** A phone-sized screenshot for the closing note (committed, unlike artifacts/). */
async function phoneShot(page: Page, what: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}therapist-${what}.png`, animations: 'disabled' });
}

async function heading(page: Page, name: string) {
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

/**
 * A written therapy room at A's first piece, B to reflect: the console in a laptop browser, the
 * partners on phones, and a seat client for the therapist to do the setting up.
 */
async function roomAtReflect() {
  const room = await e2e.server.createRoom('therapy', 'written');
  const setup = openSeat(e2e.server.url, room.token('therapist'));
  await setup.connected();
  const therapist = await e2e.open('laptop', 'therapist');
  const a = await e2e.open('phone', 'partner A', PHONE);
  const b = await e2e.open('phone', 'partner B', PHONE);
  await therapist.page.goto(room.seats.therapist?.link ?? '');
  await a.page.goto(room.seats.A?.link ?? '');
  await b.page.goto(room.seats.B?.link ?? '');
  await setup.ok({ type: 'admit', seat: 'A' });
  await setup.ok({ type: 'admit', seat: 'B' });
  await agree(a.page, 'lighthouse');
  await agree(b.page);
  await eventually(() => expect((setup.state as RoomState).stage).toBe('checkin'));
  await setup.ok({ type: 'skipStep' });
  await requestFloor(a.page, 'Sunday plans');
  await b.page.getByRole('button', { name: "I'm ready to listen" }).click();
  await namePart(a.page, 'the planner');
  await write(a.page, SPEAK_BOX, 'A part of me gets tense when plans change late.', 'Send this piece');
  await heading(b.page, 'Reflecting');
  return { t: therapist.page, a, b, setup };
}

describe('the therapist’s moves on three screens', () => {
  it('I20 I21 I22 I23 I26 the therapist asks; "not now" is shown on the console; asked again, yes; the witness says what they noticed; the round resumes', {
    timeout: 180_000,
  }, async () => {
    const { t, a, b } = await roomAtReflect();
    const ask = t.getByRole('button', { name: "Direct access: ask to talk with Partner A's part" });

    await ask.click();
    await heading(a.page, 'May I talk with this part?');
    await a.page.getByText('Your therapist asks: may I talk with this part directly?').waitFor();
    await t.getByText('Asked Partner A: may I talk with this part directly? Waiting…').waitFor();
    // I21: B's phone stays on B's step and never hears of the ask.
    await heading(b.page, 'Reflecting');
    expect(await b.page.getByText('may I talk with this part').count()).toBe(0);
    await expectAccessible(a.page, 'the ask for direct access (phone)');
    await phoneShot(a.page, 'consent');

    await a.page.getByRole('button', { name: 'Not now', exact: true }).click();
    await t.getByText('Partner A said not now.').waitFor();
    await heading(a.page, 'Reflecting'); // back to the round's step; nothing else happened
    await heading(b.page, 'Reflecting');

    // Asked again later: yes. B witnesses the exchange live.
    await ask.click();
    await a.page.getByRole('button', { name: 'Yes', exact: true }).click();
    await heading(b.page, 'Witnessing');
    await t.getByLabel('Say to the part').fill('What does the planner want Partner B to know?');
    await t.getByRole('button', { name: 'Send', exact: true }).click();
    await write(
      a.page,
      'Your therapist is talking with your part. Let it answer.',
      'That it is tired of holding everything.',
      'Send',
    );
    await b.page
      .locator('section.step .context')
      .getByText('That it is tired of holding everything.')
      .waitFor();
    await t.getByRole('button', { name: 'End direct access' }).click();

    // I22: the witness's turn, one line; A's phone says B is speaking; the console can skip it.
    await heading(b.page, 'What did you notice?');
    await a.page.getByText('Your partner is saying what they noticed. Then the round goes on.').waitFor();
    await a.page.locator('.turn-banner .detail').getByText('Reflecting · the round waits a moment').waitFor();
    await t.getByRole('button', { name: 'Skip the witness’s turn' }).waitFor();
    await expectAccessible(b.page, 'the witness’s turn (phone)');
    await phoneShot(b.page, 'witness-turn');
    await b.page
      .getByLabel('What did you notice or feel while you witnessed?')
      .fill('I noticed how tired it sounds.');
    await b.page.getByRole('button', { name: 'Share it' }).click();

    // The round resumes where it was: B reflects A's piece.
    await heading(b.page, 'Reflecting');
    await b.page
      .locator('section.step .context')
      .getByText('A part of me gets tense when plans change late.')
      .waitFor();
    await write(
      b.page,
      /Reflect the essence/,
      'A part of you gets tense with late changes.',
      'Send my reflection',
    );
    await heading(a.page, 'Checking the reflection');
    // The record both read holds the witness's words; never the ask nor the "not now".
    for (const page of [a.page, b.page]) {
      await page.locator('.record').getByText('I noticed how tired it sounds.', { exact: false }).waitFor();
      expect(await page.locator('.record').getByText('not now', { exact: false }).count()).toBe(0);
    }
    a.expectNoErrors();
    b.expectNoErrors();
  });

  it('I24 I25 I26 I27 I28 stop contempt step by step from the console, the contract shown at recall; then a response from the heart', {
    timeout: 180_000,
  }, async () => {
    const { t, a, b } = await roomAtReflect();
    await write(b.page, /Reflect the essence/, 'Here we go again with your plans.', 'Send my reflection');
    await heading(a.page, 'Checking the reflection');

    await t.getByRole('button', { name: 'Stop contempt (Partner B)' }).click();
    await heading(a.page, 'Your therapist stepped in');
    await a.page.getByText('Your therapist stopped that. It is not yours to answer.').waitFor();
    await t.getByRole('button', { name: /^Name it/ }).click();
    await b.page.getByText('Your therapist is naming what just happened.').waitFor();
    // I24: one sequence at a time — the per-entry "Stop contempt" buttons wait while this one runs.
    const perEntry = t.getByRole('button', { name: /^Stop contempt: set aside/ });
    expect(await perEntry.count()).toBeGreaterThan(0);
    for (const button of await perEntry.all()) expect(await button.isDisabled()).toBe(true);
    await t.getByRole('button', { name: /^Recall the contract/ }).click();
    for (const page of [a.page, b.page]) {
      await page.getByText('Your therapist is recalling the ground rules you both agreed to:').waitFor();
      await page.getByText('We speak for our parts, not from them.').waitFor();
    }
    await a.page.getByText('Your safe word: “lighthouse”.', { exact: false }).waitFor();
    await expectAccessible(b.page, 'stop contempt: recall (phone)');
    await phoneShot(b.page, 'contempt-recall');
    await t.getByRole('button', { name: /^Speak to the hurt/ }).click();
    await a.page.getByText('Your therapist is speaking to the hurt underneath.').waitFor();
    await t.getByRole('button', { name: /^Ask for the U-turn/ }).click();
    await heading(b.page, 'A moment for a U-turn');
    await namePart(b.page, 'the eye-roller');
    await write(
      b.page,
      /Reflect the essence/,
      'A part of you gets tense with late changes.',
      'Send my reflection',
    );
    await a.page.getByRole('button', { name: 'Yes, you got it' }).click();
    await a.page.getByRole('button', { name: "No, that's all for now" }).click();

    // I27: the console chooses "From the heart" before the summary is confirmed.
    await t.getByLabel('After the summary').selectOption('heart');
    await write(b.page, /Sum up the whole/, 'Late changes make a part of you tense.', 'Send my summary');
    await a.page.getByRole('button', { name: 'Yes, you got all of it' }).click();
    await heading(b.page, 'Respond from your heart');
    await a.page.getByText('Your partner is responding from the heart.').waitFor();
    // The card quotes what the heart answers, like the chain's cards do.
    await b.page
      .locator('.move-card .context')
      .getByText('A part of me gets tense when plans change late.')
      .waitFor();
    await b.page.locator('.turn-banner .detail').getByText('From the heart · your turn to respond').waitFor();
    await expectAccessible(b.page, 'respond from your heart (phone)');
    await phoneShot(b.page, 'heart-response');
    await b.page
      .getByLabel('What does your heart want to say to your partner now?')
      .fill('I want to carry the planning with you.');
    await b.page.getByRole('button', { name: 'Send my response' }).click();
    await heading(a.page, 'How it landed');
    await a.page
      .locator('section.step .context')
      .getByText('I want to carry the planning with you.')
      .waitFor();
    a.expectNoErrors();
    b.expectNoErrors();
  });
});
