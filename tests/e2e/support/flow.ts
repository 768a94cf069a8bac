import { randomUUID } from 'node:crypto';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import { openSeat } from '../../support/clients.ts';
import type { withBrowser } from './browser.ts';

/**
 * What people do in the room, step by step, through the screen only (roles, labels, text), so the
 * e2e tests read like a session and break when a person could no longer do it.
 */

export interface BrowserTherapist {
  name: string;
  email: string;
  password: string;
}

/** Makes a therapist account on the sign-up page, as a person would; the browser is then signed in. */
export async function signUpInBrowser(
  page: Page,
  account: Partial<BrowserTherapist> = {},
): Promise<BrowserTherapist> {
  const therapist = {
    name: account.name ?? 'Dr Rivera',
    email: account.email ?? `t-${randomUUID()}@example.org`,
    password: account.password ?? 'correct horse battery',
  };
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(therapist.name);
  await page.getByLabel('Email').fill(therapist.email);
  await page.getByLabel('Password').fill(therapist.password);
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.waitForURL('**/practice');
  return therapist;
}

/** Signs a therapist up in this browser unless it is signed in already (M7: therapy rooms need one). */
export async function ensureTherapist(page: Page): Promise<void> {
  const session = await page.request.get('/api/account/session');
  if (((await session.json()) as { therapist: unknown }).therapist === null) await signUpInBrowser(page);
}

/**
 * Starts a room from the home page; `talk` picks spoken or written (T37), else the page's default.
 * A therapy room is started by a signed-in therapist: the browser signs up first if it is not.
 */
export async function startRoom(page: Page, mode: 'therapy' | 'practice', talk?: 'spoken' | 'written') {
  if (mode === 'therapy') await ensureTherapist(page);
  await page.goto('/');
  if (talk) {
    const group = page.getByRole('group', {
      name: mode === 'therapy' ? 'How will the partners talk?' : 'How will you talk?',
    });
    await group.getByRole('radio', { name: talk === 'spoken' ? /^Spoken/ : /^Written/ }).check();
  }
  await page
    .getByRole('button', { name: mode === 'therapy' ? 'Start a therapy room' : 'Start a practice room' })
    .click();
  const links =
    mode === 'therapy'
      ? {
          A: await page.getByLabel("Partner A's link").inputValue(),
          B: await page.getByLabel("Partner B's link").inputValue(),
        }
      : { B: await page.getByLabel("Your partner's link").inputValue() };
  expect(Object.values(links).every((link) => link.includes('/join#token='))).toBe(true);
  await page
    .getByRole('link', { name: mode === 'therapy' ? 'Open my therapist console' : 'Open the room' })
    .click();
  return links;
}

export async function agree(page: Page, safeWord?: string) {
  if (safeWord) await page.getByLabel(/safe word/).fill(safeWord);
  await page.getByRole('button', { name: 'I agree to the ground rules' }).click();
}

export async function checkIn(
  page: Page,
  parts: string,
  who: 'Only me' | 'Me and my therapist' | 'Everyone in the room',
) {
  await page.getByLabel(/Which parts of you are here today/).fill(parts);
  await page.getByLabel(who).check();
  await page.getByRole('button', { name: 'Check in' }).click();
}

export async function requestFloor(page: Page, topic: string) {
  await page.getByLabel(/Ask for the floor/).fill(topic);
  await page.getByRole('button', { name: 'Ask for the floor' }).click();
}

export async function namePart(page: Page, name: string, fears?: string) {
  await page.getByLabel('What would you call this part?').fill(name);
  await page.getByLabel('a protector (it tries to keep me safe)').check();
  if (fears) await page.getByLabel(/What is it afraid of/).fill(fears);
  await page.getByRole('button', { name: 'Name this part' }).click();
}

/** Types into the step's text box (the partner's draft) and presses the step's send button. */
export async function write(page: Page, label: RegExp | string, text: string, send: string) {
  await page.getByLabel(label).fill(text);
  await page.getByRole('button', { name: send }).click();
  // Sent when the box is empty again — or gone, because the room moved on to the next step.
  await expect
    .poll(async () => {
      const box = page.getByLabel(label);
      // A short timeout: the box can vanish between count() and inputValue() when the step moves on.
      return (await box.count()) === 0 ? '' : box.inputValue({ timeout: 200 }).catch(() => '');
    })
    .toBe('');
}

export async function expectHeadline(page: Page, text: string | RegExp) {
  await page.locator('.turn-banner .headline').filter({ hasText: text }).waitFor();
}

/**
 * A written therapy room driven from a seat client for the therapist (`t`), with both partners on
 * phones (`phone`: the context options) and already let in: where the partner-screen tests begin.
 */
export async function therapyRoomOnPhones(e2e: ReturnType<typeof withBrowser>, phone: BrowserContextOptions) {
  const room = await e2e.server.createRoom('therapy', 'written');
  const t = openSeat(e2e.server.url, room.token('therapist'));
  await t.connected();
  const a = await e2e.open('phone', 'partner A', phone);
  const b = await e2e.open('phone', 'partner B', phone);
  await a.page.goto(room.seats.A?.link ?? '');
  await b.page.goto(room.seats.B?.link ?? '');
  await t.ok({ type: 'admit', seat: 'A' });
  await t.ok({ type: 'admit', seat: 'B' });
  return { room, t, a, b };
}

/**
 * A written therapy room started from the home page, with the console in a laptop browser and both
 * partners on phones, let in: where the console walks begin. Each seat's context options are its own
 * (a phone that asks for less motion, the console's viewport).
 */
export async function consoleAndPhones(
  e2e: ReturnType<typeof withBrowser>,
  options: { console?: BrowserContextOptions; a?: BrowserContextOptions; b?: BrowserContextOptions } = {},
) {
  const therapist = await e2e.open('laptop', 'therapist', options.console);
  const a = await e2e.open('phone', 'partner A', options.a);
  const b = await e2e.open('phone', 'partner B', options.b);
  const t = therapist.page;
  const links = await startRoom(t, 'therapy', 'written');
  await a.page.goto(links.A ?? '');
  await b.page.goto(links.B ?? '');
  await t.getByRole('button', { name: 'Let Partner A in' }).click();
  await t.getByRole('button', { name: 'Let Partner B in' }).click();
  return { therapist, a, b, t };
}
