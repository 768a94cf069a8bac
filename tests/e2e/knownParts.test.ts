import { describe, expect, it } from 'vitest';
import { addCouple, atHome } from '../support/couples.ts';
import { eventually } from '../support/eventually.ts';
import { homePractice } from '../support/homePractice.ts';
import { signUpTherapist } from '../support/therapist.ts';
import { expectAccessible } from './support/axe.ts';
import { screenshot, withBrowser } from './support/browser.ts';
import { agree, checkIn, requestFloor } from './support/flow.ts';

const e2e = withBrowser();

describe("the U-turn offers a partner's parts named before (L5)", () => {
  it('L5 L2 on a phone, a part from an earlier practice is named again with one tap, with what it fears as kept', async () => {
    const url = e2e.server.url;
    const couple = await addCouple(url, await signUpTherapist(url));
    // An earlier practice: A named the part in a U-turn, then chose to keep what it fears.
    await homePractice(url, couple, {
      part: { name: 'the homesick one', kind: 'exile', feltWhere: 'throat', fears: 'being alone' },
      end: true,
    });
    const kept = await atHome(url, couple.homeLinks.A.token)('/parts/the%20homesick%20one', 'PATCH', {
      fears: 'being alone',
    });
    expect(kept.status).toBe(200);

    const started = await (await atHome(url, couple.homeLinks.A.token)('/practices', 'POST', {})).json();
    const joined = await (
      await atHome(url, couple.homeLinks.B.token)(`/practices/${started.roomId}/join`, 'POST')
    ).json();
    const a = await e2e.open('phone', 'partner A');
    const b = await e2e.open('phone', 'partner B');
    await a.page.goto(started.link);
    await b.page.goto(joined.link);
    await agree(a.page);
    await agree(b.page);
    await checkIn(a.page, 'a tired part', 'Everyone in the room');
    await checkIn(b.page, 'a calm part', 'Everyone in the room');
    await requestFloor(a.page, 'visiting my parents');
    await b.page.getByRole('button', { name: "I'm ready to listen" }).click();

    const offer = a.page.getByRole('group', { name: 'Parts you have named before' });
    await offer.getByRole('button', { name: 'the homesick one' }).waitFor();
    await expectAccessible(a.page, 'the U-turn with parts named before (phone)');
    await screenshot(a.page, 'u-turn-known-parts-phone');
    await offer.getByRole('button', { name: 'the homesick one' }).click();

    await eventually(async () => {
      const events = await e2e.server.store.read(started.roomId, 1);
      expect(events.filter((event) => event.type === 'partNamed').map((event) => event.part)).toEqual([
        { name: 'the homesick one', kind: 'exile', feltWhere: 'throat', fears: 'being alone' },
      ]);
    });
    // B is not offered A's parts (B is not at a U-turn; their own offer would be their own parts).
    expect(await b.page.getByText('the homesick one').count()).toBe(0);
    a.expectNoErrors();
    b.expectNoErrors();
  });
});
