import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type ClinicalRecordJson, clinicalRecordJson, summarizeSession } from '../../shared/index.ts';
import { wholeTherapySession } from '../practice/sessionFixture.ts';
import { endedSessionWithNotes } from '../support/endedSession.ts';
import { roomAtStep } from '../support/engineRoom.ts';
import { expectAccessible } from './support/axe.ts';
import { expectNoHorizontalScroll, screenshot, withBrowser } from './support/browser.ts';

const e2e = withBrowser();

const HOSTILE_NAME = '<img src=x onerror=alert(1)> [a](javascript:alert(1))';

/** The record of a session the real engine ran, with names (one of them hostile), as the API returns it. */
function fixture(therapistNotes?: string): ClinicalRecordJson {
  const summary = summarizeSession(wholeTherapySession().events);
  const present = summary.present.map((attendee) =>
    attendee.seat === 'A'
      ? { ...attendee, name: 'Sam', pronouns: 'she/her' }
      : attendee.seat === 'B'
        ? { ...attendee, name: HOSTILE_NAME, pronouns: null }
        : attendee,
  );
  return clinicalRecordJson(
    { ...summary, present },
    { timeZone: 'UTC', generatedAt: summary.startedAt + 3_600_000, therapistNotes },
  );
}

/**
 * Serves a record at the API's address (`GET /api/sessions/:roomId/record?format=json`) with a
 * status: a whole session with hostile names, which a test could not run through the server as
 * quickly. One test below reads a real session's record from the real route instead.
 */
async function serveRecord(page: Page, status: number, body: unknown): Promise<void> {
  await page.route('**/api/sessions/*/record?format=json', (route) =>
    route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) }),
  );
}

describe('the print view of a session record (R3)', () => {
  it("R3 R4 R5 the therapist's copy: every section, names as text, private notes, a Print button; accessible on phone and laptop", async () => {
    for (const device of ['laptop', 'phone'] as const) {
      const therapist = await e2e.open(device, `therapist (${device})`, { timezoneId: 'Europe/London' });
      await serveRecord(therapist.page, 200, fixture('Watch the defender.\n<b>not bold</b>'));
      await therapist.page.goto('/practice/sessions/room-1/record');
      const page = therapist.page;
      await page
        .getByRole('heading', { level: 1, name: 'Therapy session — Tuesday, 14 November 2023' })
        .waitFor();
      const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
      expect(headings).toEqual([
        'Who was there',
        'Rounds',
        'Check-in',
        'Parts named',
        'Listening inside and Self checks',
        'Interventions',
        'Safety',
        'Closing and repair',
        'The contract',
        "Therapist's private notes",
      ]);
      await page.getByText('(times in Europe/London)', { exact: false }).waitFor();
      await page.getByText('Sam (she/her), partner A').waitFor();
      // R4: a name is text, never markup: no image, no link made of it.
      await page.getByText(`${HOSTILE_NAME}, partner B`).waitFor();
      expect(await page.locator('.session-record img, .session-record a').count()).toBe(0);
      await page.getByText('1 of 3 rounds completed.').waitFor();
      await page.getByText('The therapist asked "Who is speaking?"', { exact: false }).waitFor();
      await page.getByText('Sam called the safe word: safety pause', { exact: false }).waitFor();
      expect(await page.locator('.record-private blockquote').textContent()).toBe(
        'Watch the defender.\n<b>not bold</b>',
      );
      await expectAccessible(page, `the session record (${device})`);
      await expectNoHorizontalScroll(page);
      await screenshot(page, `session-record-${device}`);

      // The Print button opens the browser's print dialog; on paper the page's own controls are gone.
      await page.evaluate(() => {
        (window as unknown as { printed: number }).printed = 0;
        window.print = () => {
          (window as unknown as { printed: number }).printed += 1;
        };
      });
      await page.getByRole('button', { name: 'Print or save as PDF' }).click();
      expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).toBe(false);
      expect(await page.getByRole('heading', { name: 'Rounds' }).isVisible()).toBe(true);
      therapist.expectNoErrors();
    }
  });

  it("R3 R5 a real session's record from GET /api/sessions/:roomId/record, with the therapist's cookie", async () => {
    const url = e2e.server.url;
    const { therapist: signedIn, roomId } = await endedSessionWithNotes(url, 'Real notes, from the console.');

    const therapist = await e2e.open('laptop', 'therapist', { timezoneId: 'Europe/London' });
    const [name, value] = signedIn.cookie.split('=');
    await therapist.context.addCookies([{ name: name ?? '', value: value ?? '', url }]);
    await therapist.page.goto(`/practice/sessions/${roomId}/record`);
    await therapist.page.getByRole('heading', { level: 1, name: /^Therapy session — / }).waitFor();
    await therapist.page.getByRole('heading', { name: "Therapist's private notes" }).waitFor();
    await therapist.page.getByText('Real notes, from the console.').waitFor();
    therapist.expectNoErrors();
  });

  it("I19 I29 I37 the print view renders issue 11's moves: slowing down, a declined ask, repairs, marks and the cycle map", async () => {
    // A session the real engine ran: a breathing minute the clock ended, a "not now" to direct access,
    // a repair offered mid-round and accepted, a marked moment, and one link of the cycle map.
    const room = roomAtStep('therapy', 'reflect');
    room.ok('B', { type: 'breathe' });
    const pause = room.state.pause;
    if (pause?.kind !== 'breathing') throw new Error('no breathing pause');
    room.now = pause.until;
    room.ok('system', { type: 'endBreathing', startedAt: pause.at });
    room.ok('therapist', { type: 'askDirectAccess', seat: 'B' });
    room.ok('B', { type: 'answerDirectAccess', yes: false });
    const [offer] = room.ok('B', { type: 'offerRepair', repair: { apology: 'Sorry I snapped at you.' } });
    room.ok('A', { type: 'answerRepairOffer', offerSeq: offer?.seq ?? 0, accepted: true });
    room.ok('therapist', { type: 'markMoment', kind: 'unburdening', note: 'Sam let the little one speak.' });
    room.ok('therapist', { type: 'requestUTurn', seat: 'B' });
    room.ok('B', { type: 'uTurn', part: { name: 'the withdrawer', kind: 'protector' } });
    room.ok('therapist', {
      type: 'linkParts',
      from: { seat: 'A', part: 'the part that gets scared' },
      to: { seat: 'B', part: 'the withdrawer' },
    });
    room.ok('therapist', { type: 'requestEnd' });
    room.ok('therapist', { type: 'confirmEnd' });
    const summary = summarizeSession(room.events);
    const record = clinicalRecordJson(summary, {
      timeZone: 'UTC',
      generatedAt: room.now,
      therapistNotes: '',
    });

    const therapist = await e2e.open('phone', 'therapist (phone)', { timezoneId: 'UTC' });
    await serveRecord(therapist.page, 200, record);
    await therapist.page.goto('/practice/sessions/room-1/record');
    const page = therapist.page;
    await page.getByRole('heading', { level: 1, name: /^Therapy session — / }).waitFor();
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    for (const heading of ['Slowing down', 'Repairs during the session', 'Marked moments', 'The cycle map'])
      expect(headings).toContain(heading);
    const section = (name: string) => page.getByRole('region', { name });
    await section('Slowing down')
      .getByText(/Partner B/)
      .first()
      .waitFor();
    await section('Repairs during the session').getByText('Sorry I snapped at you.').waitFor();
    await section('Marked moments')
      .getByText(/Sam let the little one speak\./)
      .waitFor();
    await section('The cycle map')
      .getByText(/the part that gets scared/)
      .waitFor();
    await section('The cycle map')
      .getByText(/the withdrawer/)
      .waitFor();
    await section('Interventions')
      .getByText(/not now/i)
      .first()
      .waitFor();
    await expectAccessible(page, "the session record with issue 11's moves (phone)");
    await expectNoHorizontalScroll(page);
    therapist.expectNoErrors();
  });

  it('R5 a copy without private notes has no private-notes section', async () => {
    const therapist = await e2e.open('laptop');
    await serveRecord(therapist.page, 200, fixture());
    await therapist.page.goto('/practice/sessions/room-1/record');
    await therapist.page.getByRole('heading', { name: 'Closing and repair' }).waitFor();
    expect(await therapist.page.getByRole('heading', { name: /private notes/i }).count()).toBe(0);
    therapist.expectNoErrors();
  });

  it('R3 signed out: the page says to sign in and shows no record', async () => {
    const visitor = await e2e.open('phone');
    await serveRecord(visitor.page, 401, { error: { code: 'unauthorized', message: 'Sign in.' } });
    await visitor.page.goto('/practice/sessions/room-1/record');
    await visitor.page
      .getByRole('alert')
      .getByText('Sign in as the therapist of this session', { exact: false })
      .waitFor();
    await visitor.page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await visitor.page.getByRole('button', { name: /Print/ }).count()).toBe(0);
    await expectAccessible(visitor.page, 'the session record, signed out');
    // The failed request is the browser's own console line; nothing else may be.
    visitor.expectNoErrors([/status of 401/]);
  });
});
