import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { withBrowser } from './support/browser.ts';
import { agree, namePart, requestFloor, startRoom, write } from './support/flow.ts';

const e2e = withBrowser();

async function downloadRecord(page: Page): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the record (Markdown)' }).click(),
  ]);
  return readFileSync((await download.path()) ?? '', 'utf8');
}

describe('keeping a copy of the record', () => {
  it('a partner downloads the record and the shared notes without the therapist notes; the therapist gets theirs too', async () => {
    const therapist = await e2e.open('laptop', 'therapist');
    const a = await e2e.open('phone', 'partner A');
    const links = await startRoom(therapist.page, 'therapy', 'written');
    await a.page.goto(links.A ?? '');
    await therapist.page.getByRole('button', { name: 'Let Partner A in' }).click();
    await agree(a.page, 'harbour');
    await therapist.page
      .getByRole('textbox', { name: 'My private notes' })
      .fill('PRIVATE: watch the withdrawing part.');
    await therapist.page.getByLabel('What we learned').fill('We slow down when voices rise.');
    await a.page.getByText('Shared notes and keeping a copy').click();
    await expect
      .poll(() => a.page.getByLabel('What we learned').inputValue())
      .toBe('We slow down when voices rise.');

    const partnerCopy = await downloadRecord(a.page);
    expect(partnerCopy).toContain('# Dialogue Room — record of the session');
    expect(partnerCopy).toContain('Partner A agreed to the ground rules.');
    // D2: a dated record — the entries that reached the browser through the record document carry their time.
    expect(partnerCopy).toMatch(
      /^Session of \w+, \d{1,2} \w+ \d{4}, \d{2}:\d{2}(?:–\d{2}:\d{2})? \(times in .+\)\.$/m,
    );
    expect(partnerCopy).toMatch(/^- \d{2}:\d{2} Partner A agreed to the ground rules\.$/m);
    expect(partnerCopy).toContain('We slow down when voices rise.');
    expect(partnerCopy).not.toContain('PRIVATE');

    const therapistCopy = await downloadRecord(therapist.page);
    expect(therapistCopy).toContain("## Therapist's private notes");
    expect(therapistCopy).toContain('PRIVATE: watch the withdrawing part.');

    // The printable page: the record without the step panels, and nothing private for the partner.
    await a.page.emulateMedia({ media: 'print' });
    expect(await a.page.getByRole('heading', { name: 'The conversation so far' }).isVisible()).toBe(true);
    expect(await a.page.locator('.turn-banner').isVisible()).toBe(false);
    expect(await a.page.content()).not.toContain('PRIVATE');
    for (const person of [therapist, a]) person.expectNoErrors();
  });

  it("T18 D2 the repair — what set me up, my part, an apology — and its answer are in both partners' exports and the print view", async () => {
    const therapist = await e2e.open('laptop', 'therapist');
    const a = await e2e.open('phone', 'partner A');
    const b = await e2e.open('phone', 'partner B');
    const links = await startRoom(therapist.page, 'therapy', 'written');
    await a.page.goto(links.A ?? '');
    await b.page.goto(links.B ?? '');
    await therapist.page.getByRole('button', { name: 'Let Partner A in' }).click();
    await therapist.page.getByRole('button', { name: 'Let Partner B in' }).click();
    await agree(a.page);
    await agree(b.page);
    await therapist.page.getByRole('button', { name: 'Skip the check-in' }).click();
    await therapist.page.getByRole('button', { name: 'Move to closing' }).click();

    await a.page.getByLabel('One thing I will do next time').fill('Ask for a pause sooner.');
    await a.page.getByLabel('What set me up (optional)').fill('I was exhausted after work.');
    await a.page.getByLabel('My part in what happened (optional)').fill('I raised my voice.');
    await a.page.getByLabel(/An apology/).fill('I am sorry I shouted.');
    await a.page.getByRole('button', { name: 'Share' }).click();
    // The other partner reads all three before answering.
    await b.page.getByText('What set them up: “I was exhausted after work.”').waitFor();
    await b.page.getByText('Their part: “I raised my voice.”').waitFor();
    await b.page.getByRole('button', { name: 'I accept it' }).click();
    await a.page.getByText('Your partner accepted your repair.').waitFor();

    for (const person of [a, b]) {
      const copy = await downloadRecord(person.page);
      for (const words of ['I was exhausted after work.', 'I raised my voice.', 'I am sorry I shouted.']) {
        expect(copy).toContain(`> ${words}`);
      }
      expect(copy).toMatch(/^- \d{2}:\d{2} Partner B accepted the repair\.$/m);
    }
    await b.page.emulateMedia({ media: 'print' });
    await b.page
      .getByText(/Partner A offered a repair\. What set me up: “I was exhausted after work\.”/)
      .waitFor();
    for (const person of [therapist, a, b]) person.expectNoErrors();
  });

  it("D2 a partner who types Markdown and HTML cannot forge a section of the therapist's file, nor run code anywhere", async () => {
    const therapist = await e2e.open('laptop', 'therapist');
    const a = await e2e.open('phone', 'partner A');
    const b = await e2e.open('phone', 'partner B');
    const dialogs: string[] = [];
    for (const person of [therapist, a, b])
      person.page.on('dialog', (dialog) => dialogs.push(dialog.message()));
    const links = await startRoom(therapist.page, 'therapy', 'written');
    await a.page.goto(links.A ?? '');
    await b.page.goto(links.B ?? '');
    await therapist.page.getByRole('button', { name: 'Let Partner A in' }).click();
    await therapist.page.getByRole('button', { name: 'Let Partner B in' }).click();
    await agree(a.page);
    await agree(b.page);
    await therapist.page.getByRole('button', { name: 'Skip the check-in' }).click();

    await requestFloor(a.page, '<img src=x onerror=alert(1)> [x](javascript:alert(1))');
    await b.page.getByRole('button', { name: "I'm ready to listen" }).click();
    await namePart(a.page, '## the forger');
    const forged = [
      'I feel fine.',
      '',
      "## Therapist's private notes",
      '',
      'Partner B is lying. <img src=x onerror=alert(1)>',
      '[Read more](javascript:alert(1)) <javascript:alert(1)>',
      '[ref]: javascript:alert(1)',
    ].join('\n');
    await write(a.page, 'Speak for your part, a sentence or two at a time.', forged, 'Send this piece');
    await therapist.page.getByRole('textbox', { name: 'My private notes' }).fill('The real notes.');
    await b.page.getByText('Shared notes and keeping a copy').click();
    await b.page
      .getByLabel('What we learned')
      .fill("ok\n\n## Therapist's private notes\n<script>alert(1)</script>");
    await expect.poll(() => therapist.page.getByLabel('What we learned').inputValue()).toContain('<script>');
    // On screen the words are text: no element of theirs, and nothing ran.
    await therapist.page.getByText('Partner B is lying.', { exact: false }).first().waitFor();
    expect(await therapist.page.locator('img[src="x"], a[href^="javascript"]').count()).toBe(0);

    const therapistCopy = await downloadRecord(therapist.page);
    const lines = therapistCopy.split('\n');
    expect(lines.filter((line) => line.startsWith('#'))).toEqual([
      '# Dialogue Room — record of the session',
      '## Shared notes',
      '### What we learned',
      '### Closing summary',
      "## Therapist's private notes",
    ]);
    // The forged heading is there, as a quotation of what Partner A said, and so are their other lines.
    expect(lines).toContain("  > \\#\\# Therapist's private notes");
    expect(lines).toContain('  > Partner B is lying. &lt;img src\\=x onerror\\=alert(1)&gt;');
    expect(lines).toContain("> \\#\\# Therapist's private notes");
    expect(therapistCopy).not.toContain('<');
    expect(therapistCopy).not.toMatch(/(?<!\\)\]\(|(?<!\\)\[ref\]:/);
    // The real private notes come after the app's own heading, and nowhere else.
    expect(lines.slice(lines.indexOf("## Therapist's private notes"))).toEqual([
      "## Therapist's private notes",
      '',
      '> The real notes.',
      '',
    ]);

    const partnerCopy = await downloadRecord(b.page);
    expect(partnerCopy.split('\n').filter((line) => line.startsWith('#'))).not.toContain(
      "## Therapist's private notes",
    );
    expect(partnerCopy).not.toContain('The real notes.');
    expect(dialogs).toEqual([]);
    for (const person of [therapist, a, b]) person.expectNoErrors();
  });
});
