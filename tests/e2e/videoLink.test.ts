import { describe, expect, it } from 'vitest';
import { openSeat } from '../support/clients.ts';
import { expectAccessible } from './support/axe.ts';
import { screenshot, withBrowser } from './support/browser.ts';

/** The video call beside the room (issue 9 §5, T39), on a partner's phone. */
const e2e = withBrowser();

describe('the video call on the partners’ phones', () => {
  it('P12 T39 when the therapist sets the session’s video link each partner gets a "Join the video call" button that opens it in a new tab; clearing it takes the button away', {
    timeout: 60_000,
  }, async () => {
    const room = await e2e.server.createRoom('therapy');
    const t = openSeat(e2e.server.url, room.token('therapist'));
    await t.connected();
    const a = await e2e.open('phone', 'partner A', { viewport: { width: 375, height: 812 } });
    await a.page.goto(room.seats.A?.link ?? '');
    await t.ok({ type: 'admit', seat: 'A' });
    await a.page.getByRole('heading', { name: 'Before we begin' }).waitFor();
    expect(await a.page.getByRole('link', { name: 'Join the video call' }).count()).toBe(0);

    await t.ok({ type: 'setVideoLink', url: 'https://meet.example.org/session-42' });
    const join = a.page.getByRole('link', { name: 'Join the video call' });
    await join.waitFor();
    expect(await join.getAttribute('href')).toBe('https://meet.example.org/session-42');
    expect(await join.getAttribute('target')).toBe('_blank');
    expect((await join.getAttribute('rel'))?.split(' ')).toContain('noopener');
    // Visible without scrolling on the phone.
    const box = await join.boundingBox();
    expect(box !== null && box.y >= 0 && box.y + box.height <= 812).toBe(true);
    await expectAccessible(a.page, 'join the video call (phone)');
    await screenshot(a.page, 'partner-join-video-call-phone');

    await t.ok({ type: 'clearVideoLink' });
    await join.waitFor({ state: 'detached' });
    a.expectNoErrors();
  });
});
