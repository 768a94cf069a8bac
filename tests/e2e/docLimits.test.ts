import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.ts';
import { withBrowser } from './support/browser.ts';

// A small cap, so a few kilobytes of notes fill most of it.
const DOC_MAX_BYTES = 4000;
const e2e = withBrowser({ server: { docMaxBytes: DOC_MAX_BYTES } });

async function practiceRoomOpenAtTheNotes() {
  const room = await e2e.server.createRoom('practice');
  const a = await e2e.open('laptop', 'partner A');
  const b = await e2e.open('laptop', 'partner B');
  for (const [person, seat] of [
    [a, 'A'],
    [b, 'B'],
  ] as const) {
    await person.page.goto(room.seats[seat]?.link ?? '');
    await person.page.getByText('Shared notes and keeping a copy').click();
  }
  return { a, b };
}

describe('D12 documents near and at their cap, in the browser', () => {
  it('D12 the notes say quietly that they are nearly full, for everyone writing them', async () => {
    const { a, b } = await practiceRoomOpenAtTheNotes();
    await a.page.getByLabel('What we learned').fill('We listen before we answer. '.repeat(120));
    for (const person of [a, b]) {
      const status = person.page
        .getByRole('status')
        .filter({ hasText: /These notes are nearly full: \d+% used/ });
      await status.waitFor();
      const percent = Number((await status.textContent())?.match(/(\d+)%/)?.[1]);
      expect(percent).toBeGreaterThanOrEqual(80);
      expect(percent).toBeLessThanOrEqual(100);
      // Only a warning: the notes still take typing.
      expect(await person.page.getByLabel('Closing summary').isEditable()).toBe(true);
    }
    await expectAccessible(a.page, 'notes nearly full (laptop)');
    for (const person of [a, b]) person.expectNoErrors();
  });

  it('D12 when the server closes the notes for good (4413), the editor says why and stops taking typing', async () => {
    const { a, b } = await practiceRoomOpenAtTheNotes();
    await b.page.getByLabel('Closing summary').fill('Kept before.');
    await expect.poll(() => a.page.getByLabel('Closing summary').inputValue()).toBe('Kept before.');
    // More than the whole document may hold: the server refuses the write (4413) with its sentence.
    await a.page.getByLabel('What we learned').fill('x'.repeat(DOC_MAX_BYTES + 1_000));

    await a.page.getByRole('alert').filter({ hasText: 'These notes are full.' }).waitFor();
    expect(await a.page.getByLabel('What we learned').isEditable()).toBe(false);
    expect(await a.page.getByLabel('Closing summary').isEditable()).toBe(false);
    await expectAccessible(a.page, 'notes closed by the server (laptop)');
    // Nothing of the refused change reached the other partner, whose notes still work.
    await b.page.getByLabel('Closing summary').fill('Still here.');
    expect(await b.page.getByLabel('What we learned').inputValue()).toBe('');
    expect(await b.page.getByLabel('Closing summary').isEditable()).toBe(true);
    a.expectNoErrors([/WebSocket/]);
    b.expectNoErrors();
  });
});
