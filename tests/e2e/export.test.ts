import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { withBrowser } from './support/browser.ts';
import { agree, startRoom } from './support/flow.ts';

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
    const links = await startRoom(therapist.page, 'therapy');
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
});
