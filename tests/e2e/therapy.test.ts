import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.ts';
import { expectNoHorizontalScroll, screenshot, withBrowser } from './support/browser.ts';
import { agree, checkIn, expectHeadline, namePart, requestFloor, startRoom, write } from './support/flow.ts';

const e2e = withBrowser();

describe('a therapy session in three browsers', () => {
  it('a therapist and two partners on phones run a whole round with interventions, and end it', {
    timeout: 240_000,
  }, async () => {
    const therapist = await e2e.open('laptop', 'therapist');
    const a = await e2e.open('phone', 'partner A');
    const b = await e2e.open('phone', 'partner B');
    const t = therapist.page;

    const links = await startRoom(t, 'therapy', 'written');
    await t.getByRole('heading', { name: 'Who is here' }).waitFor();
    await a.page.goto(links.A ?? '');
    await b.page.goto(links.B ?? '');
    await a.page.getByText('Your therapist will let you in shortly.').waitFor();
    await expectAccessible(a.page, 'waiting room (phone)');
    await screenshot(a.page, 'therapy-waiting-phone');

    await t.getByRole('button', { name: 'Let Partner A in' }).click();
    await t.getByRole('button', { name: 'Let Partner B in' }).click();

    // Contract and check-in.
    await a.page.getByRole('heading', { name: 'Before we begin' }).waitFor();
    await expectAccessible(a.page, 'ground rules (phone)');
    await screenshot(a.page, 'therapy-contract-phone');
    await agree(a.page, 'lighthouse');
    await agree(b.page);
    await checkIn(a.page, 'a worried part, a tired part', 'Me and my therapist');
    await expectAccessible(b.page, 'check-in (phone)');
    await checkIn(b.page, 'a hopeful part', 'Everyone in the room');
    await t.getByText('Check-in: a worried part, a tired part').waitFor();

    // The round: A asks for the floor, B is ready, A turns inward and names the part.
    await expectHeadline(a.page, 'The floor is open');
    await t.getByRole('button', { name: 'Partner A speaks first' }).click();
    await a.page.getByText('The therapist invited you to speak first.').waitFor();
    await requestFloor(a.page, 'the holidays');
    await expectHeadline(a.page, 'You have the floor');
    await expectHeadline(b.page, 'Your partner has the floor');
    await b.page.getByRole('button', { name: "I'm ready to listen" }).click();
    await expectAccessible(a.page, 'U-turn (phone)');
    await screenshot(a.page, 'therapy-u-turn-phone');
    await namePart(a.page, 'the planner', 'that nobody will hold it together');

    // A's piece forms in the therapist's console before it is sent.
    await a.page.getByRole('button', { name: 'A part of me feels… when…' }).click();
    await a.page
      .getByLabel('Speak for your part, a sentence or two at a time.')
      .fill('A part of me feels tense when plans change late.');
    await t.getByTestId('draft-A').getByText('feels tense when plans change').waitFor();
    await screenshot(t, 'therapy-console-draft-forming');
    await a.page.getByRole('button', { name: 'Send this piece' }).click();
    await expectAccessible(b.page, 'reflect (phone)');
    await screenshot(b.page, 'therapy-reflect-phone');
    await b.page.getByRole('button', { name: 'I have an urge to speak' }).click();
    await t.getByText(/Urges to speak: Partner B/).waitFor();

    // "Who is speaking?": the therapist marks the piece; A says it again, for the part.
    await t.getByRole('button', { name: 'Who is speaking?', exact: true }).click();
    await a.page.getByText('Your therapist asked: is this all of you, or a part?').waitFor();
    await write(
      a.page,
      'Speak for your part, a sentence or two at a time.',
      'A part of me, the planner, gets scared when plans change.',
      'Send this piece',
    );

    await write(
      b.page,
      /Reflect the essence/,
      'I heard a part of you gets scared when plans change.',
      'Send my reflection',
    );
    await write(a.page, 'Or say what was missed', 'It is trying to keep us safe.', 'Say what was missed');
    await write(
      b.page,
      /Reflect the essence/,
      'A part of you gets scared and tries to keep us safe.',
      'Send my reflection',
    );

    // Pause and resume: A's confirmation waits, then the room continues at the same step.
    await t.getByRole('button', { name: 'Pause' }).click();
    await a.page.getByText('The room is paused. It will continue exactly where it stopped.').waitFor();
    // P2: the step waiting is A's; B, the listener, is not told it is theirs.
    await b.page.getByText('The room is paused. Nothing moves until it resumes.').waitFor();
    await screenshot(a.page, 'therapy-paused-phone');
    await t.getByRole('button', { name: 'Resume' }).first().click();
    await a.page.getByRole('button', { name: 'Yes, you got it' }).click();
    await a.page.getByRole('button', { name: "No, that's all for now" }).click();

    // Direct access: the therapist talks with A's part; B witnesses.
    await t.getByRole('button', { name: "Talk with Partner A's part" }).click();
    // I20: A consents on their phone first.
    await a.page.getByRole('button', { name: 'Yes', exact: true }).click();
    await b.page.getByRole('heading', { name: 'Witnessing' }).waitFor();
    await t.getByLabel('Say to the part').fill('What does the planner need right now?');
    await t.getByRole('button', { name: 'Send', exact: true }).click();
    await write(
      a.page,
      'Your therapist is talking with your part. Let it answer.',
      'To know we will be okay.',
      'Send',
    );
    await t.getByRole('button', { name: 'End direct access' }).click();
    // I22: B, the witness, may say what they noticed; here B skips.
    await b.page.getByRole('button', { name: 'Skip', exact: true }).click();

    // Stop contempt for B, step by step (I24); B makes a U-turn before going on.
    await t.getByRole('button', { name: 'Stop contempt (Partner B)' }).click();
    for (const step of [/^Name it/, /^Recall the contract/, /^Speak to the hurt/, /^Ask for the U-turn/])
      await t.getByRole('button', { name: step }).click();
    await b.page.getByRole('heading', { name: 'A moment for a U-turn' }).waitFor();
    await namePart(b.page, 'the critic');

    await write(
      b.page,
      /Sum up the whole/,
      'A part of you gets scared when plans change and wants us safe.',
      'Send my summary',
    );
    await a.page.getByRole('button', { name: 'Yes, you got all of it' }).click();
    await write(
      b.page,
      /Say what makes sense to you/,
      'What makes sense to me is that change feels unsafe.',
      'Send',
    );
    await write(
      b.page,
      /Imagine how this feels/,
      'I imagine a part of you feels alone holding it all.',
      'Send',
    );

    // A safety pause: the therapist is alerted; only the therapist resumes.
    await a.page.getByRole('button', { name: 'Safety pause' }).click();
    await t.getByRole('alert').filter({ hasText: 'Safety pause called by Partner A' }).waitFor();
    await screenshot(t, 'therapy-console-safety-alert');
    await a.page.getByText('You called a safety pause. Take all the time you need.').waitFor();
    expect(await a.page.getByRole('button', { name: 'Resume' }).count()).toBe(0);
    await t.getByRole('button', { name: 'Resume' }).first().click();

    await a.page.getByRole('button', { name: 'Yes, that fits' }).click();
    await write(a.page, /How did that land/, 'It landed softly.', 'Send');
    await t.getByRole('button', { name: 'Swap roles' }).click();
    await expectHeadline(b.page, 'You have the floor');
    await expectHeadline(a.page, 'Your partner has the floor');

    // The record on every screen; the therapist's private notes; then the close and the end.
    await a.page
      .getByText('You, for the planner: “A part of me, the planner, gets scared when plans change.”')
      .waitFor();
    await t
      .getByRole('textbox', { name: 'My private notes' })
      .fill('Planner part strong today; follow up on the critic.');
    await screenshot(t, 'therapy-console');
    await expectAccessible(t, 'therapist console (laptop)');
    await t.getByRole('button', { name: 'Move to closing' }).click();
    await a.page.getByRole('heading', { name: 'Closing' }).waitFor();
    await expectAccessible(a.page, 'closing (phone)');
    await a.page.getByLabel('One thing I will do next time').fill('Tell you about changes sooner.');
    await a.page.getByLabel(/An apology/).fill('I am sorry I snapped.');
    await a.page.getByRole('button', { name: 'Share' }).click();
    await b.page.getByRole('button', { name: 'I accept it' }).click();
    await t.getByRole('button', { name: 'End the session…' }).click();
    await t.getByRole('alertdialog').getByRole('button', { name: 'Yes, end the session' }).click();
    await expectHeadline(a.page, 'The session has ended');
    await expectHeadline(b.page, 'The session has ended');
    await a.page.getByRole('heading', { name: 'The record of this session' }).waitFor();
    await screenshot(a.page, 'therapy-ended-phone');
    await expectAccessible(a.page, 'ended (phone)');
    await expectAccessible(t, 'therapist console after the end (laptop)');
    await expectNoHorizontalScroll(a.page);

    // The therapist's notes never reached a partner's screen.
    for (const partner of [a, b]) {
      expect(await partner.page.content()).not.toContain('follow up on the critic');
      expect(await partner.page.content()).not.toContain('that nobody will hold it together');
    }
    for (const person of [therapist, a, b]) person.expectNoErrors();
  });
});
