import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.ts';
import { expectNoHorizontalScroll, screenshot, withBrowser } from './support/browser.ts';
import { agree, checkIn, expectHeadline, namePart, requestFloor, startRoom } from './support/flow.ts';

const e2e = withBrowser();

/** A therapy room with everyone in, at round 1 `speak` with A holding the floor. */
async function sessionAtSpeak() {
  const therapist = await e2e.open('laptop', 'therapist');
  const a = await e2e.open('phone', 'partner A');
  const b = await e2e.open('phone', 'partner B');
  const links = await startRoom(therapist.page, 'therapy', 'written');
  await therapist.page.getByRole('heading', { name: 'Who is here' }).waitFor();
  await a.page.goto(links.A ?? '');
  await therapist.page.getByRole('button', { name: 'Let Partner A in' }).waitFor();
  await b.page.goto(links.B ?? '');
  await therapist.page.getByRole('button', { name: 'Let Partner A in' }).click();
  await therapist.page.getByRole('button', { name: 'Let Partner B in' }).click();
  await agree(a.page);
  await agree(b.page);
  await checkIn(a.page, 'a busy part', 'Me and my therapist');
  await checkIn(b.page, 'a quiet part', 'Me and my therapist');
  await requestFloor(a.page, 'money');
  await b.page.getByRole('button', { name: "I'm ready to listen" }).click();
  await namePart(a.page, 'the saver');
  return { therapist, a, b };
}

describe('flaky networks and reloads', () => {
  it('a draft typed while offline is kept and delivered when the connection returns', async () => {
    const { therapist, a } = await sessionAtSpeak();
    const box = a.page.getByLabel('Speak for your part, a sentence or two at a time.');
    await box.waitFor();
    await a.context.setOffline(true);
    await a.page.getByText('Offline — what you type is kept').waitFor();
    await box.fill('A part of me worries when we spend without talking.');
    await screenshot(a.page, 'offline-draft-phone');

    await a.context.setOffline(false);
    await a.page.locator('[data-status="connected"]').waitFor();
    await therapist.page.getByTestId('draft-A').getByText('worries when we spend without talking').waitFor();
    await a.page.getByRole('button', { name: 'Send this piece' }).click();
    await therapist.page
      .getByText('Partner A, for the saver: “A part of me worries when we spend without talking.”')
      .waitFor();
    // The socket dropped while offline; its reconnect is expected, not an error of the page.
    for (const person of [therapist, a])
      person.expectNoErrors([/ERR_INTERNET_DISCONNECTED|WebSocket connection/]);
  });

  it('a partner who reloads mid-round is back at the same step and seat, with their draft', async () => {
    const { b, a } = await sessionAtSpeak();
    const box = a.page.getByLabel('Speak for your part, a sentence or two at a time.');
    await box.fill('A part of me');
    await a.page.reload();
    await expectHeadline(a.page, 'You have the floor');
    await a.page.getByRole('heading', { name: 'Speaking for a part' }).waitFor();
    await expect.poll(() => box.inputValue()).toBe('A part of me');
    await expectHeadline(b.page, 'Your partner has the floor');
    a.expectNoErrors();
  });

  it('the partner room still fits a 375 px phone with text enlarged to 200%, and stays accessible', async () => {
    const { a, b } = await sessionAtSpeak();
    for (const person of [a, b]) {
      await person.page.evaluate(() => {
        document.documentElement.style.fontSize = '200%';
      });
      await expectNoHorizontalScroll(person.page);
    }
    await screenshot(a.page, 'text-200-percent-phone');
    await expectAccessible(a.page, 'speaking, text at 200% (phone)');
    await expectAccessible(b.page, 'listening, text at 200% (phone)');
  });

  it('a partner can reach the text box and the send button, write and send a piece, with the keyboard alone', async () => {
    const { a } = await sessionAtSpeak();
    const page = a.page;
    // Tab to the composer, type, tab to the send button, press Enter.
    const box = page.getByLabel('Speak for your part, a sentence or two at a time.');
    for (let i = 0; i < 40 && !(await box.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Said with the keyboard.');
    const send = page.getByRole('button', { name: 'Send this piece' });
    for (let i = 0; i < 10 && !(await send.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.getByText('You, for the saver: “Said with the keyboard.”').waitFor();
  });
});
