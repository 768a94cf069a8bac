import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signUpTherapist } from '../support/therapist.ts';
import { expectAccessible } from './support/axe.ts';
import { devices, expectNoHorizontalScroll, screenshot, withBrowser } from './support/browser.ts';
import { agree, checkIn, expectHeadline } from './support/flow.ts';

const e2e = withBrowser();

/** Names and words no log line may hold (common10: logs never contain names, notes or what anyone wrote). */
const PRIVATE = {
  a: 'Samira',
  b: 'Alexei',
  note: 'met at the clinic open day 7f3c',
  topic: 'the dishes after dinner 91ab',
  assignmentNote: 'Ten minutes, no more 55d2',
  therapistNote: 'Lovely listening, both of you 0e4b',
};

/**
 * A therapist page checked and photographed as it is made for (a laptop) and on a phone-sized window,
 * axe-clean at both widths (U7).
 */
async function checkTherapistPage(page: Page, name: string) {
  await expectAccessible(page, `${name} (laptop)`);
  await screenshot(page, `${name}-laptop`);
  await page.setViewportSize(devices.phone.viewport);
  await expectAccessible(page, `${name} (phone)`);
  await expectNoHorizontalScroll(page);
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize(devices.laptop.viewport);
}

async function checkHomePage(page: Page, name: string) {
  await expectAccessible(page, `${name} (phone)`);
  await expectNoHorizontalScroll(page);
  await screenshot(page, `${name}-phone`);
}

describe('the practice: a therapist’s couples and the couple’s home', () => {
  it('U1–U7 a therapist adds a couple, starts a session and assigns practice; the couple practises from their home links and both share it; the therapist leaves a note the couple reads', async () => {
    const url = e2e.server.url;
    // A real account and its real session cookie (the sign-in screens have their own walk: accounts.test.ts).
    const account = await signUpTherapist(url, { name: 'Dr Rivera' });
    const therapist = await e2e.open('laptop', 'therapist');
    const [cookieName, cookieValue] = account.cookie.split('=') as [string, string];
    await therapist.context.addCookies([{ name: cookieName, value: cookieValue, url }]);
    const t = therapist.page;

    // /practice: no couples yet; add one.
    await t.goto('/practice');
    await t.getByRole('heading', { name: 'Your couples', level: 1 }).waitFor();
    await t.getByText('No couples yet.').waitFor();
    await checkTherapistPage(t, 'practice-couples-empty');
    await t.getByRole('button', { name: 'Add a couple' }).click();
    const first = t.getByRole('group', { name: 'First partner' });
    await first.getByLabel('Name').fill(PRIVATE.a);
    await first.getByLabel('Pronouns (optional)').fill('she/her');
    await t.getByRole('group', { name: 'Second partner' }).getByLabel('Name').fill(PRIVATE.b);
    await t.getByLabel('Note (optional, only you see it)').fill(PRIVATE.note);
    await checkTherapistPage(t, 'practice-add-couple');
    await t.getByRole('button', { name: 'Add the couple' }).click();

    // Each partner's home link, to send to that partner alone.
    await t.getByRole('heading', { name: `${PRIVATE.a} and ${PRIVATE.b} are added` }).waitFor();
    // Focus lands on what appeared in place of the button, not at the top of the page.
    await expect
      .poll(() => t.evaluate(() => document.activeElement?.textContent))
      .toBe(`${PRIVATE.a} and ${PRIVATE.b} are added`);
    const homeA = await t.getByLabel(`${PRIVATE.a}’s home link`).inputValue();
    const homeB = await t.getByLabel(`${PRIVATE.b}’s home link`).inputValue();
    for (const link of [homeA, homeB]) expect(link).toMatch(new RegExp(`^${url}/home#token=.+`));
    expect(homeA).not.toBe(homeB);
    await t
      .getByText(`Send ${PRIVATE.a} this link, in a message to ${PRIVATE.a} alone: it is theirs alone.`)
      .waitFor();
    // The list shows the couple.
    await t.getByRole('row', { name: new RegExp(`${PRIVATE.a} and ${PRIVATE.b}`) }).waitFor();
    await checkTherapistPage(t, 'practice-couple-added');

    // The couple's page: start a spoken session; each partner's invite link opens a real seat.
    await t.getByRole('link', { name: `Open ${PRIVATE.a} and ${PRIVATE.b}` }).click();
    await t.getByRole('heading', { name: `${PRIVATE.a} and ${PRIVATE.b}`, level: 1 }).waitFor();
    await t.getByText('No sessions yet.').waitFor();
    await t.getByRole('button', { name: 'Start a session' }).click();
    await t.getByRole('heading', { name: 'The session is ready' }).waitFor();
    const inviteA = await t.getByLabel(`${PRIVATE.a}’s invite link`).inputValue();
    const inviteB = await t.getByLabel(`${PRIVATE.b}’s invite link`).inputValue();
    for (const link of [inviteA, inviteB]) expect(link).toMatch(new RegExp(`^${url}/join#token=.+`));
    const consoleLink = await t
      .getByRole('link', { name: 'Open the console in a new tab' })
      .getAttribute('href');
    expect(consoleLink).toMatch(/\/join#token=/);
    await checkTherapistPage(t, 'practice-session-ready');

    const seatA = await e2e.open('phone', 'session partner A');
    await seatA.page.goto(inviteA);
    // The room carries the couple's names (N1–N3): the waiting room greets A; the console names both and admits by name.
    await seatA.page.getByRole('heading', { name: `Welcome, ${PRIVATE.a}` }).waitFor();
    await seatA.page.getByText('Your therapist will let you in shortly.').waitFor();
    const consolePage = await therapist.context.newPage();
    await consolePage.goto(consoleLink ?? '');
    await consolePage.getByRole('button', { name: `Let ${PRIVATE.a} in` }).waitFor();
    await consolePage.locator('.strip-people .name', { hasText: `${PRIVATE.a} (she/her)` }).waitFor();
    await consolePage.locator('.strip-people .name', { hasText: PRIVATE.b }).waitFor();
    await consolePage.close();

    // The session is listed, live, with "—" for a summary the server does not have yet, and the
    // console opens again from the list.
    await t.getByRole('button', { name: 'Done' }).click();
    const session = t.getByRole('list', { name: 'Sessions, newest first' }).getByRole('listitem').first();
    await session.getByText('Open — not started yet').waitFor();
    await session.getByRole('button', { name: 'Open console' }).click();
    await t.waitForURL(/\/join#token=/);
    await t.getByRole('button', { name: `Let ${PRIVATE.a} in` }).waitFor();
    await t.goBack();
    await t.getByRole('heading', { name: `${PRIVATE.a} and ${PRIVATE.b}`, level: 1 }).waitFor();

    // A new invite link for a partner: the old one stops opening the room (A5).
    await session.getByRole('button', { name: `New invite link for ${PRIVATE.a}` }).click();
    const newInviteA = await t.getByLabel(`${PRIVATE.a}’s new invite link`).inputValue();
    expect(newInviteA).toMatch(new RegExp(`^${url}/join#token=.+`));
    expect(newInviteA).not.toBe(inviteA);
    await seatA.page.getByRole('heading', { name: 'This link no longer opens the room' }).waitFor();

    // Assign practice: a topic, who speaks first, rounds, a date and a note.
    await t.getByRole('button', { name: 'Assign practice' }).click();
    await t.getByLabel('Topic (optional)').fill(PRIVATE.topic);
    await t.getByRole('group', { name: 'Who speaks first' }).getByLabel(PRIVATE.a).check();
    await t.getByLabel('Rounds').selectOption('2');
    await t.getByLabel('By (optional)').fill('2026-12-08');
    await t.getByLabel('Note for the couple (optional)').fill(PRIVATE.assignmentNote);
    await t.getByRole('button', { name: 'Assign', exact: true }).click();
    await t.getByRole('heading', { name: PRIVATE.topic }).waitFor();
    await t.getByText(`${PRIVATE.a} speaks first · 2 rounds`).waitFor();
    await t.getByLabel('Next session').fill('2026-12-10T18:30');
    await t.getByRole('button', { name: 'Save', exact: true }).click();
    await t.getByText('Saved.', { exact: true }).waitFor();
    await checkTherapistPage(t, 'practice-couple');

    // Partner A opens their home on a phone: the fragment leaves the address bar at once.
    const a = await e2e.open('phone', 'partner A');
    await a.page.goto(homeA);
    await a.page.getByRole('heading', { name: `Hello, ${PRIVATE.a}` }).waitFor();
    await expect.poll(() => new URL(a.page.url()).hash).toBe('');
    await a.page.getByText('Your next session:').waitFor();
    await a.page.getByRole('heading', { name: PRIVATE.topic }).waitFor();
    await a.page.getByText(PRIVATE.assignmentNote).waitFor();
    await a.page.getByText('You speak first · 2 rounds').waitFor();
    // The session the therapist started is there to join, first on the page.
    await a.page.getByRole('heading', { name: 'Your sessions with Dr Rivera' }).waitFor();
    await a.page.getByRole('button', { name: /^Join the session/ }).waitFor();
    await checkHomePage(a.page, 'couple-home');

    // A starts the practice from the assignment and lands in their seat of the practice room.
    await a.page.getByRole('button', { name: new RegExp(`^Practise this\\W+${PRIVATE.topic}$`) }).click();
    await a.page.waitForURL(/\/join#token=/);
    await a.page.getByRole('button', { name: 'I agree to the ground rules' }).waitFor();

    // B's home shows the practice as open, and B joins it.
    const b = await e2e.open('phone', 'partner B');
    await b.page.goto(homeB);
    await b.page.getByRole('heading', { name: `Hello, ${PRIVATE.b}` }).waitFor();
    await b.page.getByRole('heading', { name: 'A practice is open' }).waitFor();
    expect(await b.page.getByRole('button', { name: /^Practise this/ }).isDisabled()).toBe(true);
    await checkHomePage(b.page, 'couple-home-practice-open');
    await b.page.getByRole('button', { name: 'Join the practice' }).click();
    await b.page.waitForURL(/\/join#token=/);

    // The practice room knows who is who.
    await a.page.getByText(`You are ${PRIVATE.a}`).waitFor();
    await b.page.getByText(`You are ${PRIVATE.b}`).waitFor();

    // They practise and finish together.
    await agree(a.page);
    await agree(b.page);
    await checkIn(a.page, 'a hopeful part', 'Only me');
    await checkIn(b.page, 'a tired part', 'Only me');
    await a.page.getByRole('button', { name: 'End the practice…' }).click();
    await b.page.getByRole('alertdialog').getByRole('button', { name: 'Yes, end it' }).click();
    await expectHeadline(a.page, 'The practice has ended');
    await expectHeadline(b.page, 'The practice has ended');

    // Back home (the device kept the link: /home alone opens it). Both are asked, alone, and both say yes.
    const question = 'Share this practice with Dr Rivera? They see it only if you both say yes.';
    await a.page.goto('/home');
    await a.page.getByRole('heading', { name: 'Your practices' }).waitFor();
    await a.page.getByRole('group', { name: question }).waitFor();
    await checkHomePage(a.page, 'couple-home-share-question');
    await a.page.getByRole('button', { name: 'Yes, share it' }).click();
    await a.page.getByText('You said yes. Dr Rivera sees it only if you both say yes.').waitFor();

    // The therapist sees that it happened, but not what happened, until both said yes.
    await t.reload();
    const practice = t.getByRole('list', { name: 'Practices, newest first' }).getByRole('listitem').first();
    await practice.getByText('Not shared').waitFor();
    expect(await practice.getByRole('heading', { name: 'What happened' }).count()).toBe(0);
    expect(await practice.getByLabel('Your note to the couple').count()).toBe(0);

    await b.page.goto('/home');
    await b.page.getByRole('group', { name: question }).waitFor();
    // B is not told what A answered (U4).
    await b.page.getByText('You have not answered yet.').waitFor();
    await b.page.getByRole('button', { name: 'Yes, share it' }).click();
    await b.page.getByText('Shared with Dr Rivera: you both said yes.').waitFor();

    // The therapist reads it and leaves a note.
    await t.reload();
    await practice.getByText('Shared with you').waitFor();
    await practice.getByRole('heading', { name: 'What happened' }).waitFor();
    await practice.getByLabel('Your note to the couple').fill(PRIVATE.therapistNote);
    await practice.getByRole('button', { name: 'Leave the note' }).click();
    await practice.getByText('Saved. The couple can read it.').waitFor();
    await checkTherapistPage(t, 'practice-couple-shared-practice');

    // A's home shows the note.
    await a.page.reload();
    await a.page.getByText('Dr Rivera’s note').waitFor();
    await a.page.getByText(PRIVATE.therapistNote).waitFor();
    await checkHomePage(a.page, 'couple-home-therapist-note');

    // The parts views as mounted in the real pages (L1, L3, L4): A's own check-in part is on A's home;
    // B's home does not show it (A kept that check-in to themself); the therapist sees it, the practice
    // being shared.
    const aParts = a.page.getByRole('region', { name: 'Your parts' });
    await aParts.getByRole('heading', { name: 'a hopeful part' }).waitFor();
    await b.page.goto('/home');
    await b.page.getByRole('region', { name: `What ${PRIVATE.a} has shown you` }).waitFor();
    expect(await b.page.getByText('a hopeful part').count()).toBe(0);
    await t.reload();
    await t
      .getByRole('region', { name: 'Parts across sessions' })
      .getByText('a hopeful part')
      .first()
      .waitFor();

    // K11: the therapist exports everything; A downloads their own data. Each is one zip.
    const therapistZip = await downloaded(t, () =>
      t.getByRole('button', { name: 'Download the zip' }).click(),
    );
    expect(Object.keys(therapistZip).some((name) => /^sessions\/.+\.md$/.test(name))).toBe(true);
    expect(strFromU8(therapistZip['couple.json'] ?? new Uint8Array())).toContain(PRIVATE.a);
    const myZip = await downloaded(a.page, () =>
      a.page.getByRole('button', { name: 'Download my data' }).click(),
    );
    expect(Object.keys(myZip).length).toBeGreaterThan(0);
    expect(Object.values(myZip).some((bytes) => strFromU8(bytes).includes(PRIVATE.therapistNote))).toBe(true);

    // Deleting the couple asks first, naming them and what is erased; then they are gone (K10, U5).
    await t.getByRole('button', { name: 'Delete couple…' }).click();
    const confirm = t.getByRole('alertdialog', { name: `Delete ${PRIVATE.a} and ${PRIVATE.b}?` });
    await confirm.getByText(/every session record, every practice/).waitFor();
    await expectAccessible(t, 'delete couple confirmation (laptop)');
    await screenshot(t, 'practice-delete-couple-laptop');
    await confirm.getByRole('button', { name: `Yes, delete ${PRIVATE.a} and ${PRIVATE.b}` }).click();
    await t.waitForURL(/\/practice$/);
    await t.getByRole('heading', { name: 'Your couples' }).waitFor();
    expect(await t.getByText(PRIVATE.a).count()).toBe(0);
    // Their home links stop at once.
    await a.page.goto('/home');
    await a.page.getByRole('heading', { name: 'This link no longer opens your home' }).waitFor();

    const logs = e2e.server.logs.join('\n');
    for (const [what, text] of Object.entries(PRIVATE))
      expect(logs.includes(text), `${what} in the logs`).toBe(false);
    for (const person of [therapist, seatA, b]) person.expectNoErrors();
    // A's home, after the deletion, saw its link refused: that one 401, nothing else.
    a.expectNoErrors([/Failed to load resource: the server responded with a status of 401/]);
    // The whole walk (two rooms, four people, axe at two widths on every page) takes minutes on two cores.
  }, 240_000);

  it('U1 a replaced home link stops opening the home at once; the device that replaced it keeps the new one', async () => {
    const url = e2e.server.url;
    const account = await signUpTherapist(url, { name: 'Dr Okafor' });
    const res = await fetch(`${url}/api/couples`, {
      method: 'POST',
      headers: { cookie: account.cookie, origin: url, 'content-type': 'application/json' },
      body: JSON.stringify({ partners: { A: { name: 'Noor' }, B: { name: 'Jules' } } }),
    });
    expect(res.status).toBe(201);
    const { homeLinks } = (await res.json()) as { homeLinks: { A: { link: string } } };

    const oldDevice = await e2e.open('phone', 'old device');
    await oldDevice.page.goto(homeLinks.A.link);
    await oldDevice.page.getByRole('heading', { name: 'Hello, Noor' }).waitFor();

    const a = await e2e.open('phone', 'partner A');
    await a.page.goto(homeLinks.A.link);
    await a.page.getByRole('button', { name: 'Replace my link' }).click();
    await a.page
      .getByText('Your old link stops working at once, on every device where it is open.')
      .waitFor();
    await checkHomePage(a.page, 'couple-home-replace-link');
    await a.page.getByRole('button', { name: 'Yes, make a new link' }).click();
    const fresh = await a.page.getByLabel('Your new home link').inputValue();
    expect(fresh).toMatch(new RegExp(`^${url}/home#token=.+`));
    expect(fresh).not.toBe(homeLinks.A.link);
    await a.page.goto('/home');
    await a.page.getByRole('heading', { name: 'Hello, Noor' }).waitFor();

    await oldDevice.page.reload();
    await oldDevice.page.getByRole('heading', { name: 'This link no longer opens your home' }).waitFor();
    await checkHomePage(oldDevice.page, 'couple-home-link-replaced');
    await oldDevice.page.getByRole('button', { name: 'Forget this link on this device' }).click();
    await oldDevice.page.getByRole('heading', { name: 'Open your home from your link' }).waitFor();
    a.expectNoErrors();
    oldDevice.expectNoErrors([/Failed to load resource: the server responded with a status of 401/]);
  });
});

/** Clicks what starts a download and returns the files of the zip the browser saved. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<Record<string, Uint8Array>> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return unzipSync(new Uint8Array(readFileSync(path)));
}
