import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createRoom } from '../support/roomApi.ts';
import { expectAccessible } from './support/axe.ts';
import { expectNoHorizontalScroll, screenshot, withBrowser } from './support/browser.ts';
import { agree, checkIn, expectHeadline, namePart, requestFloor, write } from './support/flow.ts';

const e2e = withBrowser();

/** Everything in the page, shown or for screen readers only, with its labels for assistive tech. */
async function pageWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    const labels = [...document.querySelectorAll('[aria-label],[title],[alt]')].map((el) =>
      ['aria-label', 'title', 'alt'].map((name) => el.getAttribute(name) ?? '').join(' '),
    );
    return `${document.title}\n${document.body.textContent}\n${labels.join('\n')}`;
  });
}

async function expectNamesOnly(page: Page, who: string) {
  const words = await pageWords(page);
  expect(words, who).not.toMatch(/Partner [AB]\b/);
  return words;
}

describe('the partners’ names in the room', () => {
  it('N1 N3 a practice room started with two names shows Sam and Alex on both phones, never "Partner A"', async () => {
    const sam = await e2e.open('phone', 'Sam');
    const alex = await e2e.open('phone', 'Alex');
    await sam.page.goto('/');
    await sam.page.getByRole('group', { name: 'Your names (optional)' }).waitFor();
    await sam.page.getByLabel('Your name', { exact: true }).fill('Sam');
    await sam.page.getByLabel('Your partner’s name').fill('Alex');
    await sam.page.getByRole('button', { name: 'Start a practice room' }).click();
    const link = await sam.page.getByLabel("Alex's link").inputValue();
    expect(link).toContain('/join#token=');
    await expectAccessible(sam.page, 'practice room made with names (phone)');
    await sam.page.getByRole('link', { name: 'Open the room' }).click();
    await alex.page.goto(link);

    await sam.page.getByText('You are Sam').waitFor();
    await alex.page.getByText('You are Alex').waitFor();
    await agree(sam.page);
    await agree(alex.page);
    await checkIn(sam.page, 'a hopeful part', 'Everyone in the room');
    await checkIn(alex.page, 'a tired part', 'Only me');
    await requestFloor(sam.page, 'our weekends');
    await expectHeadline(alex.page, 'Sam has the floor — you listen');
    await alex.page.getByRole('button', { name: "I'm ready to listen" }).click();
    await namePart(sam.page, 'the planner');
    await sam.page.getByRole('checkbox', { name: 'Let Alex see what I type before I send it' }).waitFor();
    await write(
      sam.page,
      'Speak for your part, a sentence or two at a time.',
      'A part of me wants a plan for Saturday.',
      'Send this piece',
    );
    // The cards say the other's name where they said "your partner".
    await sam.page.getByText('Alex is reflecting what they heard.').waitFor();
    await alex.page.getByText('Sam, for the planner', { exact: true }).waitFor();
    await alex.page.getByText('Sam agreed to the ground rules.').waitFor();
    await sam.page.getByText('Alex agreed to the ground rules.').waitFor();

    const samWords = await expectNamesOnly(sam.page, 'Sam’s phone');
    const alexWords = await expectNamesOnly(alex.page, 'Alex’s phone');
    expect(samWords).toContain('Alex');
    expect(alexWords).toContain('Sam');
    expect(samWords).not.toMatch(/your partner/i);
    await expectNoHorizontalScroll(alex.page);
    await expectAccessible(alex.page, 'practice with names: listener (phone)');
    await screenshot(sam.page, 'names-practice-speaker-phone');
    await screenshot(alex.page, 'names-practice-listener-phone');
    sam.expectNoErrors();
    alex.expectNoErrors();
  });

  it('N2 N3 a therapy room with names: the waiting room greets by name, the console labels carry the pronouns', async () => {
    const room = await createRoom(e2e.server.url, 'therapy', 'written', {
      A: { name: 'Sam', pronouns: 'she/her' },
      B: { name: 'Alex', pronouns: 'they/them' },
    });
    const therapist = await e2e.open('laptop', 'therapist');
    const alex = await e2e.open('phone', 'Alex');
    await alex.page.goto(room.seats.B?.link ?? '');
    await alex.page.getByRole('heading', { name: 'Welcome, Alex' }).waitFor();
    await therapist.page.goto(room.seats.therapist?.link ?? '');
    await therapist.page.locator('.strip-people .name', { hasText: 'Alex (they/them)' }).waitFor();
    await therapist.page.locator('.strip-people .name', { hasText: 'Sam (she/her)' }).waitFor();
    await therapist.page.getByRole('button', { name: 'Let Alex in' }).click();
    await alex.page.getByText('You are Alex').waitFor();
    await therapist.page.getByRole('button', { name: 'U-turn for Alex' }).waitFor();
    await therapist.page.getByText('Alex joined.').waitFor();
    // The names take the letters' place in the interventions' rows: every control stays in view.
    const sam = await e2e.open('phone', 'Sam');
    await sam.page.goto(room.seats.A?.link ?? '');
    await therapist.page.getByRole('button', { name: 'Let Sam in' }).click();
    await sam.page.getByRole('button', { name: 'Safety pause' }).click();
    await therapist.page.getByRole('region', { name: 'What to do now' }).getByText('Sam (she/her)').waitFor();
    for (const viewport of [
      { width: 640, height: 800 },
      { width: 1280, height: 800 },
    ]) {
      await therapist.page.setViewportSize(viewport);
      const interventions = therapist.page.getByRole('region', { name: 'Interventions' });
      for (const button of await interventions.getByRole('button').all()) {
        const box = await button.boundingBox();
        expect(
          box && box.y + box.height <= viewport.height,
          `${await button.textContent()} at ${viewport.width}`,
        ).toBe(true);
      }
    }
    await expectNamesOnly(therapist.page, 'the console');
    await expectNamesOnly(alex.page, 'Alex’s phone');
    await therapist.page.setViewportSize({ width: 1280, height: 800 });
    await expectAccessible(therapist.page, 'console with names (laptop)');
    await screenshot(therapist.page, 'names-console-laptop');
    therapist.expectNoErrors();
    alex.expectNoErrors();
    sam.expectNoErrors();
  });
});
