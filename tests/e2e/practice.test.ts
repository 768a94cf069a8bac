import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.ts';
import { expectNoHorizontalScroll, screenshot, withBrowser } from './support/browser.ts';
import { agree, checkIn, expectHeadline, namePart, requestFloor, startRoom, write } from './support/flow.ts';

const e2e = withBrowser();

describe('a couple practising alone, guided by the room', () => {
  it('two partners on phones run a round with a time-out, a swap and a safety pause, and end it together', async () => {
    const a = await e2e.open('phone', 'partner A');
    const b = await e2e.open('phone', 'partner B');
    const links = await startRoom(a.page, 'practice');
    await b.page.goto(links.B ?? '');

    await agree(a.page, 'mango');
    await agree(b.page, 'kiwi');
    await checkIn(a.page, 'a nervous part', 'Only me');
    await checkIn(b.page, 'a sad part', 'Everyone in the room');

    // The room explains each step the first time it appears, and keeps the order.
    await a.page.getByLabel('About this step').getByText('One of you speaks, one listens.').waitFor();
    await expectAccessible(a.page, 'practice: request the floor (phone)');
    await screenshot(a.page, 'practice-first-step-phone');
    await requestFloor(b.page, 'visiting my parents');
    await expectHeadline(b.page, 'You have the floor');
    await a.page.getByRole('button', { name: "I'm ready to listen" }).click();
    await namePart(b.page, 'the homesick one');
    // D4: what B types is B's alone by default; B's choice alone shares nothing until A chooses too.
    const share = b.page.getByRole('checkbox', { name: 'Let Partner A see what I type before I send it' });
    expect(await share.isChecked()).toBe(false);
    await share.click();
    await b.page.getByText(/Only if Partner A chooses this too/).waitFor();
    expect(await share.isChecked()).toBe(true);
    await write(
      b.page,
      'Speak for your part, a sentence or two at a time.',
      'A part of me misses home and feels torn.',
      'Send this piece',
    );
    await a.page
      .getByText(/Partner B has chosen this\. Nothing is shared unless you choose it too\./)
      .waitFor();
    await write(
      a.page,
      /Reflect the essence/,
      'A part of you misses home and feels torn.',
      'Send my reflection',
    );

    // A time-out: either may call it; the one who called it brings the couple back.
    await a.page.getByRole('button', { name: /Time-out/ }).click();
    await b.page.getByText(/A time-out was called/).waitFor();
    await screenshot(b.page, 'practice-time-out-phone');
    await a.page.getByRole('button', { name: 'Resume' }).click();

    await b.page.getByRole('button', { name: 'Yes, you got it' }).click();
    await b.page.getByRole('button', { name: "No, that's all for now" }).click();
    await write(
      a.page,
      /Sum up the whole/,
      'You miss home and feel torn between us and them.',
      'Send my summary',
    );
    await b.page.getByRole('button', { name: 'Yes, you got all of it' }).click();
    await write(
      a.page,
      /Say what makes sense to you/,
      'What makes sense to me is that both matter to you.',
      'Send',
    );
    await write(a.page, /Imagine how this feels/, 'I imagine a part of you feels lonely here.', 'Send');
    await b.page.getByRole('button', { name: 'Yes, that fits' }).click();
    await write(b.page, /How did that land/, 'That helps.', 'Send');

    // Either partner swaps roles; then A asks for the floor in round 2.
    await a.page.getByRole('button', { name: 'Swap roles' }).click();
    await expectHeadline(a.page, 'You have the floor');
    await expectAccessible(a.page, 'practice: round 2 (phone)');
    await requestFloor(a.page, 'our evenings');
    await b.page.getByRole('button', { name: 'Not now', exact: true }).click();
    await expectHeadline(a.page, 'You have the floor');

    // A safety pause stops everything; only the one who called it resumes.
    await a.page.getByRole('button', { name: 'Safety pause' }).click();
    await b.page.getByText('A safety pause was called. Everything has stopped.').waitFor();
    await a.page.getByRole('button', { name: 'Resume' }).click();
    await expectNoHorizontalScroll(b.page);
    await screenshot(b.page, 'practice-round-2-phone');

    // Ending takes both (T19): A asks, B confirms.
    await a.page.getByRole('button', { name: 'End the practice…' }).click();
    await a.page.getByText('Waiting for your partner to agree to end.').waitFor();
    await b.page.getByRole('alertdialog').getByRole('button', { name: 'Yes, end it' }).click();
    await expectHeadline(a.page, 'The practice has ended');
    await expectHeadline(b.page, 'The practice has ended');
    await screenshot(a.page, 'practice-ended-phone');
    await expectAccessible(a.page, 'practice ended (phone)');
    for (const person of [a, b]) person.expectNoErrors();
  });
});
