import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.ts';
import { expectNoHorizontalScroll, screenshot, withBrowser } from './support/browser.ts';
import { signUpInBrowser } from './support/flow.ts';

const e2e = withBrowser();

describe('the home page', () => {
  it('on a phone, a couple starts a practice room and gets the link for their partner', async () => {
    const couple = await e2e.open('phone', 'couple');
    const { page } = couple;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Dialogue Room', level: 1 }).waitFor();
    await expectAccessible(page, 'the home page (phone)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'home-phone');

    await page.getByRole('button', { name: 'Start a practice room' }).tap();

    await page.getByRole('heading', { name: 'Your practice room is ready' }).waitFor();
    const partnerLink = page.getByLabel("Your partner's link");
    await expect.poll(() => partnerLink.inputValue()).toContain(`${e2e.server.url}/join#token=`);
    const ownLink = page.getByRole('link', { name: 'Open the room' });
    expect(await ownLink.getAttribute('href')).toContain(`${e2e.server.url}/join#token=`);
    expect(await ownLink.getAttribute('href')).not.toBe(await partnerLink.inputValue());
    await expectAccessible(page, 'the practice room links (phone)');
    await expectNoHorizontalScroll(page);
    await screenshot(page, 'home-practice-room-ready-phone');

    couple.expectNoErrors();
  });

  it('M7 on a laptop, offers therapists a way to sign in, and a signed-in therapist a therapy room', async () => {
    const therapist = await e2e.open('laptop', 'therapist');
    const { page } = therapist;
    await page.goto('/');
    await page.getByRole('button', { name: 'Start a practice room' }).waitFor();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('link', { name: 'Create an account' }).getAttribute('href')).toBe('/signup');
    expect(await page.getByRole('button', { name: 'Start a therapy room' }).count()).toBe(0);
    await expectAccessible(page, 'the home page (laptop)');
    await screenshot(page, 'home-laptop');

    await signUpInBrowser(page, { name: 'Dr Okafor' });
    await page.goto('/');
    await page.getByText('Signed in as Dr Okafor.').waitFor();
    expect(await page.getByRole('link', { name: 'Your practice' }).getAttribute('href')).toBe('/practice');
    await page.getByRole('button', { name: 'Start a therapy room' }).waitFor();
    await expectAccessible(page, 'the home page, signed in (laptop)');
    await screenshot(page, 'home-laptop-signed-in');

    therapist.expectNoErrors();
  });

  it('a broken invite link says so plainly, without a stack trace', async () => {
    const someone = await e2e.open('phone', 'someone');
    await someone.page.goto('/join#token=not-a-real-token');
    await someone.page.getByRole('heading', { name: 'This link does not open a room' }).waitFor();
    await expectAccessible(someone.page, 'broken link (phone)');
    await someone.page.goto('/');
    await someone.page.goto(
      '/join#token=eyJhbGciOiJIUzI1NiJ9.eyJyb29tIjoieCIsInN1YiI6IkEiLCJleHAiOjk5OTk5OTk5OTl9.forged',
    );
    await someone.page.getByRole('alert').filter({ hasText: 'This link is not valid.' }).waitFor();
    someone.expectNoErrors([/WebSocket connection|Failed to load resource/]);
  });
});

describe('what the server publishes of the web client', () => {
  it('no source maps: the scripts do not point to one, and none is served', async () => {
    const html = await (await fetch(`${e2e.server.url}/`)).text();
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const script = await fetch(new URL(src, e2e.server.url));
      expect(script.status).toBe(200);
      expect(/sourceMappingURL/.test(await script.text()), `${src} names a source map`).toBe(false);
      const map = await fetch(new URL(`${src}.map`, e2e.server.url));
      expect(map.status, `${src}.map`).toBe(404);
    }
    const built = readdirSync(fileURLToPath(new URL('../../client/dist/assets', import.meta.url)));
    expect(built.filter((name) => name.endsWith('.map'))).toEqual([]);
  });
});
