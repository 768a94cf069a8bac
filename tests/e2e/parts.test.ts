import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BrowserContext } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientCommand, PartnerSeat, Seat } from '../../shared/index.ts';
import { openSeat } from '../support/clients.ts';
import { type AddedCouple, addCouple, asTherapistFetch, atHome } from '../support/couples.ts';
import type { SeatClient } from '../support/seatClient.ts';
import { type SignedInTherapist, signUpTherapist } from '../support/therapist.ts';
import { track } from '../support/track.ts';
import { expectAccessible } from './support/axe.ts';
import { expectNoHorizontalScroll, screenshot, withBrowser } from './support/browser.ts';

const e2e = withBrowser();

/**
 * The parts screens (issue 10 §4, SPEC L1–L4) against a real server, with a couple whose session
 * named parts through real seats, and a practice at home after it. The screens are standalone
 * components (mounted into the couple's home and the therapist's couple page elsewhere), so the test
 * builds them onto a page of their own
 * (tests/e2e/support/partsHarness.tsx) and serves it at the server's origin, with the server's own
 * Content-Security-Policy; every /api call goes to the real server.
 *
 * The parts routes are the server's own (`GET/PATCH /api/home/parts…`, `parts` in the couple's page
 * answer, docs/PROTOCOL.md §2.7–§2.8).
 */

let harness: { js: string; css: string };
beforeAll(async () => {
  const built = await build({
    entryPoints: [fileURLToPath(new URL('./support/partsHarness.tsx', import.meta.url))],
    bundle: true,
    write: false,
    outdir: 'parts',
    format: 'esm',
    jsx: 'automatic',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const out = (ext: string) => built.outputFiles.find((file) => file.path.endsWith(ext))?.text ?? '';
  harness = { js: out('.js'), css: out('.css') };
});

async function serveHarness(context: BrowserContext): Promise<void> {
  const csp = (await fetch(`${e2e.server.url}/`)).headers.get('content-security-policy') ?? '';
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>Parts</title><link rel="stylesheet" href="/__parts/app.css"></head><body><div id="root"></div><script type="module" src="/__parts/app.js"></script></body></html>`;
  await context.route(`${e2e.server.url}/__parts/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const [body, type] =
      path === '/__parts/app.js'
        ? [harness.js, 'text/javascript']
        : path === '/__parts/app.css'
          ? [harness.css, 'text/css']
          : [page, 'text/html; charset=utf-8'];
    return route.fulfill({
      status: 200,
      body,
      contentType: type,
      headers: { 'content-security-policy': csp },
    });
  });
}

interface Couple {
  therapist: SignedInTherapist;
  added: AddedCouple;
}

/** A new session of the couple, its three seats connected and both partners let in; `ok` sends a command. */
async function aSession(couple: Couple) {
  const url = e2e.server.url;
  const res = await asTherapistFetch(url, couple.therapist)(
    `/api/couples/${couple.added.id}/sessions`,
    'POST',
    {
      talk: 'written',
    },
  );
  expect(res.status).toBe(201);
  const session = (await res.json()) as { seats: Record<Seat, { token: string }> };
  const seats = {} as Record<Seat, SeatClient>;
  for (const seat of ['therapist', 'A', 'B'] as const) {
    seats[seat] = track(openSeat(url, session.seats[seat].token), (client) => client.socket.close());
    await seats[seat].connected();
  }
  const ok = (seat: Seat, command: ClientCommand) => seats[seat].ok(command);
  await ok('therapist', { type: 'admit', seat: 'A' });
  await ok('therapist', { type: 'admit', seat: 'B' });
  return ok;
}

/**
 * A couple's session, every step acknowledged by the real server: Sam (A) names "The Worrier" at a
 * check-in shared with the room and "The Critic" in a U-turn (with what it fears), then speaks for
 * it; Alex (B) names "a tired part" at a check-in shared with the room; then, in a practice, "the quiet
 * one" at a check-in kept to themself.
 */
async function coupleWithParts(): Promise<Couple> {
  const url = e2e.server.url;
  const therapist = await signUpTherapist(url, { name: 'Dr Rivera' });
  const added = await addCouple(url, therapist);
  const ok = await aSession({ therapist, added });
  await ok('A', { type: 'agreeContract', safeWord: 'lighthouse' });
  await ok('B', { type: 'agreeContract' });
  await ok('A', { type: 'checkIn', checkIn: { parts: ['The Worrier'] }, visibility: 'room' });
  await ok('B', { type: 'checkIn', checkIn: { parts: ['a tired part'] }, visibility: 'room' });
  await ok('A', { type: 'requestFloor', topic: 'Sunday plans' });
  await ok('B', { type: 'listenerReady' });
  await ok('A', {
    type: 'uTurn',
    part: {
      name: 'The Critic',
      kind: 'protector',
      feltWhere: 'in my shoulders',
      fears: 'being seen as lazy',
    },
  });
  await ok('A', { type: 'speak', text: 'A part of me gets tense when plans change late.' });

  // A practice at home afterwards: another room of the couple, where Alex keeps a check-in to themself.
  const started = await (await atHome(url, added.homeLinks.B.token)('/practices', 'POST', {})).json();
  const joined = await (
    await atHome(url, added.homeLinks.A.token)(`/practices/${started.roomId}/join`, 'POST', {})
  ).json();
  const practice = {
    A: track(openSeat(url, joined.token), (client) => client.socket.close()),
    B: track(openSeat(url, started.token), (client) => client.socket.close()),
  };
  await Promise.all([practice.A.connected(), practice.B.connected()]);
  await practice.A.ok({ type: 'agreeContract' });
  await practice.B.ok({ type: 'agreeContract' });
  await practice.B.ok({ type: 'checkIn', checkIn: { parts: ['the quiet one'] }, visibility: 'self' });
  return { therapist, added };
}

async function partnerPage(couple: Couple, partner: PartnerSeat) {
  const visitor = await e2e.open('phone', `partner ${partner}`, { timezoneId: 'UTC', locale: 'en-GB' });
  await serveHarness(visitor.context);
  const [own, other] = partner === 'A' ? ['Sam', 'Alex'] : ['Alex', 'Sam'];
  const fragment = new URLSearchParams({ token: couple.added.homeLinks[partner].token, partner: other, own });
  await visitor.page.goto(`/__parts/home#${fragment}`);
  return visitor;
}

const today = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

describe("a partner's parts across sessions (L1–L4)", () => {
  it('L1 L2 L4 Sam sees their parts, edits one inline, keeps what it fears, forgets another; focus follows; accessible on a phone', async () => {
    const couple = await coupleWithParts();
    const sam = await partnerPage(couple, 'A');
    const { page } = sam;
    const mine = page.getByRole('region', { name: 'Your parts' });
    await mine.getByRole('heading', { level: 3, name: 'The Critic' }).waitFor();
    // L1: newest first; kind in plain words, where felt, the day seen, how often.
    expect(await mine.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      'The Critic',
      'The Worrier',
    ]);
    const critic = mine
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'The Critic' }) });
    const day = today.format(Date.now());
    for (const line of ['Feels like a protector', 'Felt: in my shoulders', `Seen on ${day}`, 'Named once']) {
      await critic.getByText(line, { exact: true }).waitFor();
    }
    const worrier = mine
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'The Worrier' }) });
    await worrier.getByText('Not sure yet what kind of part', { exact: true }).waitFor();
    // L2: what it feared is offered, not kept; nothing is offered for a part named without fears.
    const keep = critic.getByRole('button', { name: 'Keep what it fears: ‘being seen as lazy’' });
    await keep.waitFor();
    expect(await worrier.getByRole('button', { name: /Keep what it fears/ }).count()).toBe(0);
    // The other partner showed a part at a shared check-in; the one kept to themself is not here (L3).
    const shown = page.getByRole('region', { name: 'What Alex has shown you' });
    await shown.getByRole('heading', { level: 3, name: 'a tired part' }).waitFor();
    expect(await shown.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['a tired part']);
    await shown.getByText('only what Alex showed you in a session', { exact: false }).waitFor();
    await expectAccessible(page, 'my parts (phone)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'my-parts-phone');

    // L2: keep what it fears; then it reads as kept, private, and can be let go again.
    await keep.click();
    const fears = critic.getByRole('figure');
    await fears.getByText('being seen as lazy', { exact: true }).waitFor();
    await fears.getByText('seen only by you and your therapist', { exact: false }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('The Critic');

    // L4: edit inline; the name field has the focus; after saving, focus is on the part's heading.
    await critic.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit The Critic' });
    const name = form.getByLabel('What do you call this part?');
    await expect.poll(() => name.evaluate((input) => input === document.activeElement)).toBe(true);
    await name.fill('The Inner Critic');
    await form.getByLabel('a young, hurt part').check();
    await form.getByLabel('Where do you feel it? (optional)').fill('in my jaw');
    await expectAccessible(page, 'editing a part (phone)');
    await screenshot(page, 'my-parts-editing-phone');
    await form.getByRole('button', { name: 'Save' }).click();
    const renamed = mine.getByRole('heading', { level: 3, name: 'The Inner Critic' });
    await renamed.waitFor();
    await expect.poll(() => renamed.evaluate((heading) => heading === document.activeElement)).toBe(true);
    const edited = mine
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 3, name: 'The Inner Critic' }) });
    await edited.getByText('Feels like a young, hurt part', { exact: true }).waitFor();
    await edited.getByText('Felt: in my jaw', { exact: true }).waitFor();
    // A change of name keeps what it fears kept.
    await edited.getByRole('figure').getByText('being seen as lazy', { exact: true }).waitFor();

    // L4: forget a part, after saying what it does (and what it does not).
    await worrier.getByRole('button', { name: 'Forget this part' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Forget The Worrier?' });
    await confirm
      .getByText('This removes it from your list; your session records are not changed.', { exact: true })
      .waitFor();
    await expectAccessible(page, 'forgetting a part (phone)');
    await confirm.getByRole('button', { name: 'Yes, forget it' }).click();
    await expect
      .poll(() => mine.getByRole('heading', { level: 3 }).allTextContents())
      .toEqual(['The Inner Critic']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('my-parts-title');

    // L2: stop keeping it; what it feared is offered again.
    await edited.getByRole('button', { name: 'Stop keeping this' }).click();
    await edited.getByRole('button', { name: 'Keep what it fears: ‘being seen as lazy’' }).waitFor();
    expect(await edited.getByRole('figure').count()).toBe(0);

    // All of it was saved on the server: a fresh page shows the same.
    await page.reload();
    await mine.getByRole('heading', { level: 3, name: 'The Inner Critic' }).waitFor();
    expect(await mine.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['The Inner Critic']);
    sam.expectNoErrors();
  });

  it("L3 Alex sees what Sam showed as it was shown — not Sam's later name, not what it fears, not a forgotten part", async () => {
    const couple = await coupleWithParts();
    const sam = await partnerPage(couple, 'A');
    // Sam keeps the fear and renames the part, then forgets "The Worrier", all through the screen.
    const mine = sam.page.getByRole('region', { name: 'Your parts' });
    const critic = mine
      .getByRole('listitem')
      .filter({ has: sam.page.getByRole('heading', { name: 'The Critic' }) });
    await critic.getByRole('button', { name: /Keep what it fears/ }).click();
    await critic.getByRole('figure').waitFor();
    await critic.getByRole('button', { name: 'Edit' }).click();
    await sam.page.getByLabel('What do you call this part?').fill('My Judge');
    await sam.page.getByRole('button', { name: 'Save' }).click();
    await mine.getByRole('heading', { level: 3, name: 'My Judge' }).waitFor();
    const worrier = mine
      .getByRole('listitem')
      .filter({ has: sam.page.getByRole('heading', { name: 'The Worrier' }) });
    await worrier.getByRole('button', { name: 'Forget this part' }).click();
    await sam.page.getByRole('button', { name: 'Yes, forget it' }).click();
    await expect.poll(() => mine.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['My Judge']);

    const alex = await partnerPage(couple, 'B');
    const { page } = alex;
    const theirs = page.getByRole('region', { name: 'Your parts' });
    await theirs.getByRole('heading', { level: 3, name: 'a tired part' }).waitFor();
    expect(await theirs.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      'the quiet one',
      'a tired part',
    ]);
    const shown = page.getByRole('region', { name: 'What Sam has shown you' });
    await shown.getByRole('heading', { level: 3, name: 'The Critic' }).waitFor();
    expect(await shown.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['The Critic']);
    const text = (await shown.textContent()) ?? '';
    expect(text).toContain('Feels like a protector');
    expect(text).toContain('Felt: in my shoulders');
    expect(text).toContain(`Shown on ${today.format(Date.now())}`);
    for (const privately of ['My Judge', 'being seen as lazy', 'The Worrier']) {
      expect(await page.getByText(privately, { exact: false }).count(), privately).toBe(0);
    }
    // Nothing on the partner's page can change the other partner's parts.
    expect(await shown.getByRole('button').count()).toBe(0);
    await expectAccessible(page, "the other partner's parts (phone)");
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'my-parts-partner-shown-phone');
    sam.expectNoErrors();
    alex.expectNoErrors();
  });

  it('L4 what a partner did not change stays as the sessions name it: a later U-turn still sets the kind, the edits and the kept fear stay', async () => {
    const couple = await coupleWithParts();
    const sam = await partnerPage(couple, 'A');
    const { page } = sam;
    const mine = page.getByRole('region', { name: 'Your parts' });
    const critic = mine
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'The Critic' }) });
    await critic.getByRole('button', { name: /Keep what it fears/ }).click();
    await critic.getByRole('figure').waitFor();
    await critic.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Where do you feel it? (optional)').fill('in my jaw');
    await page.getByRole('button', { name: 'Save' }).click();
    await critic.getByText('Felt: in my jaw', { exact: true }).waitFor();

    // The next session: Sam's U-turn names the part again, as a young, hurt part this time.
    const ok = await aSession(couple);
    await ok('A', { type: 'agreeContract' });
    await ok('B', { type: 'agreeContract' });
    await ok('A', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
    await ok('B', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
    await ok('A', { type: 'requestFloor', topic: 'Holidays' });
    await ok('B', { type: 'listenerReady' });
    await ok('A', { type: 'uTurn', part: { name: 'the critic', kind: 'exile', feltWhere: 'in my chest' } });

    await page.reload();
    await critic.getByText('Named twice', { exact: true }).waitFor();
    await critic.getByText('Feels like a young, hurt part', { exact: true }).waitFor();
    await critic.getByText('Felt: in my jaw', { exact: true }).waitFor();
    await critic.getByRole('figure').getByText('being seen as lazy', { exact: true }).waitFor();
    sam.expectNoErrors();
  });

  it('L2 a newer fear named after one was kept is offered, and keeping it replaces the older one; each "Saved." is new text for a screen reader', async () => {
    const couple = await coupleWithParts();
    const sam = await partnerPage(couple, 'A');
    const { page } = sam;
    const mine = page.getByRole('region', { name: 'Your parts' });
    const critic = mine
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'The Critic' }) });
    await critic.getByRole('button', { name: 'Keep what it fears: ‘being seen as lazy’' }).click();
    await critic.getByRole('figure').getByText('being seen as lazy', { exact: true }).waitFor();
    // Nothing newer yet: the kept fear is the one last named.
    expect(await critic.getByRole('button', { name: /Keep the newer one/ }).count()).toBe(0);

    // The next session names the part again, with another fear.
    const ok = await aSession(couple);
    await ok('A', { type: 'agreeContract' });
    await ok('B', { type: 'agreeContract' });
    await ok('A', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
    await ok('B', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
    await ok('A', { type: 'requestFloor', topic: 'Holidays' });
    await ok('B', { type: 'listenerReady' });
    await ok('A', {
      type: 'uTurn',
      part: { name: 'The Critic', kind: 'protector', fears: 'being left out' },
    });

    await page.reload();
    const fears = critic.getByRole('figure');
    await fears.getByText('being seen as lazy', { exact: true }).waitFor();
    await fears.getByRole('button', { name: 'Keep the newer one instead: ‘being left out’' }).click();
    await fears.getByText('being left out', { exact: true }).waitFor();
    expect(await fears.getByText('being seen as lazy', { exact: true }).count()).toBe(0);
    expect(await critic.getByRole('button', { name: /Keep the newer one/ }).count()).toBe(0);

    // Two edits in a row both say "Saved.": the live region's text changes each time, so it is read again.
    const status = mine.getByRole('status');
    const said: string[] = [];
    for (const where of ['in my jaw', 'in my neck']) {
      await critic.getByRole('button', { name: 'Edit' }).click();
      await page.getByLabel('Where do you feel it? (optional)').fill(where);
      await page.getByRole('button', { name: 'Save' }).click();
      await critic.getByText(`Felt: ${where}`, { exact: true }).waitFor();
      await expect.poll(async () => (await status.textContent())?.trim()).toBe('Saved.');
      said.push((await status.textContent()) ?? '');
    }
    expect(said[0]).not.toBe(said[1]);
    sam.expectNoErrors();
  });

  it('L1 a home link that no longer opens the parts says so plainly, lists nothing, and offers to try again', async () => {
    const visitor = await e2e.open('phone', 'someone', { timezoneId: 'UTC', locale: 'en-GB' });
    await serveHarness(visitor.context);
    const fragment = new URLSearchParams({ token: 'not-a-home-token', partner: 'Alex', own: 'Sam' });
    await visitor.page.goto(`/__parts/home#${fragment}`);
    const mine = visitor.page.getByRole('region', { name: 'Your parts' });
    await mine.getByRole('alert').waitFor();
    await mine.getByRole('button', { name: 'Try again' }).waitFor();
    expect(await visitor.page.getByRole('heading', { level: 3 }).count()).toBe(0);
    await expectAccessible(visitor.page, 'my parts, refused (phone)');
    visitor.expectNoErrors([/status of 401/]);
  });

  it('L1 a refusal from the server is said in plain words next to the part, and the edit stays open', async () => {
    const couple = await coupleWithParts();
    const sam = await partnerPage(couple, 'A');
    const { page } = sam;
    const mine = page.getByRole('region', { name: 'Your parts' });
    const critic = mine
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'The Critic' }) });
    await critic.getByRole('button', { name: 'Edit' }).click();
    // A name of nothing but an invisible character passes the browser's own check; the server refuses it.
    await page.getByLabel('What do you call this part?').fill('\u200b');
    await page.getByRole('button', { name: 'Save' }).click();
    await critic.getByRole('alert').waitFor();
    await page.getByRole('form', { name: 'Edit The Critic' }).waitFor();
    sam.expectNoErrors([/status of 400/]);
  });
});

describe("the therapist's view of the couple's parts (L4)", () => {
  it('L4 both partners side by side, a kept fear marked private to the partner and the therapist, nothing not kept; accessible on a laptop', async () => {
    const couple = await coupleWithParts();
    // Sam keeps what The Critic fears; Alex keeps nothing.
    const edit = await (async () => {
      const sam = await partnerPage(couple, 'A');
      const critic = sam.page
        .getByRole('region', { name: 'Your parts' })
        .getByRole('listitem')
        .filter({ has: sam.page.getByRole('heading', { name: 'The Critic' }) });
      await critic.getByRole('button', { name: /Keep what it fears/ }).click();
      await critic.getByRole('figure').waitFor();
      return sam;
    })();
    edit.expectNoErrors();

    const therapist = await e2e.open('laptop', 'therapist', { timezoneId: 'UTC', locale: 'en-GB' });
    const [cookieName, ...value] = couple.therapist.cookie.split('=');
    await therapist.context.addCookies([
      { name: cookieName ?? '', value: value.join('='), url: e2e.server.url },
    ]);
    await serveHarness(therapist.context);
    const { page } = therapist;
    await page.goto(`/__parts/couple#couple=${couple.added.id}`);
    const section = page.getByRole('region', { name: 'Parts across sessions' });
    const sam = section.getByRole('region', { name: 'Sam’s parts' });
    const alex = section.getByRole('region', { name: 'Alex’s parts' });
    await sam.getByRole('heading', { level: 4, name: 'The Critic' }).waitFor();
    expect(await sam.getByRole('heading', { level: 4 }).allTextContents()).toEqual([
      'The Critic',
      'The Worrier',
    ]);
    // K5 L4: the practice Alex kept from the therapist gives them none of its parts.
    expect(await alex.getByRole('heading', { level: 4 }).allTextContents()).toEqual(['a tired part']);
    expect(await page.getByText('the quiet one', { exact: false }).count()).toBe(0);
    const fears = sam.getByRole('figure');
    await fears.getByText('being seen as lazy', { exact: true }).waitFor();
    await fears.getByText('private to Sam and you', { exact: true }).waitFor();
    await sam.getByText('Alex has seen it', { exact: false }).first().waitFor();
    await alex.getByText('Sam has seen it', { exact: false }).waitFor();
    // Side by side on a laptop.
    const [left, right] = await Promise.all([sam.boundingBox(), alex.boundingBox()]);
    expect(right?.x ?? 0).toBeGreaterThan((left?.x ?? 0) + (left?.width ?? 0) - 1);
    expect(Math.abs((right?.y ?? 0) - (left?.y ?? 0))).toBeLessThan(2);
    await expectAccessible(page, "the couple's parts (laptop)");
    await screenshot(page, 'couple-parts-laptop');
    therapist.expectNoErrors();
  });
});
