import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe.ts';
import { shotDir, withBrowser } from './support/browser.ts';
import { agree, checkIn, consoleAndPhones, namePart, requestFloor, write } from './support/flow.ts';

/**
 * Part E in real browsers (issue 11 §6): the therapist maps the dance of the protectors on the
 * console and marks a moment; each partner's phone shows only what I35 and I36 let them read; a
 * repair offered mid-round is answered on the other phone.
 */
const e2e = withBrowser();

/** The phone size the closing note shows (390×844). */
const PHONE = { viewport: { width: 390, height: 844 } };
const SHOTS = shotDir('issue11');

async function phoneShot(page: Page, what: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/repair-${what}.png`, fullPage: true, animations: 'disabled' });
}

/** A written therapy room with the console in a laptop browser and both partners on phones, let in. */
function roomInBrowsers() {
  return consoleAndPhones(e2e, { a: PHONE, b: PHONE });
}

describe('the cycle map and repair on the screens', () => {
  it('I34 I35 I36 I33 I30 I31 the therapist links two parts; B reads A\'s part by name (a piece carried it), A reads "a part of Partner B"; a mark reaches no phone; a repair offered mid-round is answered', {
    timeout: 180_000,
  }, async () => {
    const { therapist, a, b, t } = await roomInBrowsers();
    await agree(a.page);
    await agree(b.page);
    await checkIn(a.page, 'a worried part', 'Everyone in the room');
    // B names "the withdrawer" to the therapist only: A is never shown it.
    await checkIn(b.page, 'the withdrawer', 'Me and my therapist');
    await requestFloor(a.page, 'the weekend');
    await b.page.getByRole('button', { name: "I'm ready to listen" }).click();
    await namePart(a.page, 'the critic');
    // The piece carries "the critic" to B (T9): from now on B has been shown its name.
    await write(
      a.page,
      'Speak for your part, a sentence or two at a time.',
      'A part of me gets sharp when plans slip.',
      'Send this piece',
    );
    await b.page.getByRole('heading', { name: 'Reflecting', exact: true }).waitFor();

    // The console: pick the parts named so far (typed here; the fields offer them too) and link them.
    const panel = t.getByRole('region', { name: 'Repair and the cycle' });
    await panel.getByLabel("Whose part sets off the other's").selectOption('A');
    await panel.getByLabel("Partner A's part").fill('the critic');
    await panel.getByLabel("Partner B's part").fill('the withdrawer');
    await panel.getByRole('button', { name: 'Link', exact: true }).click();
    const map = panel.getByRole('list', { name: 'The cycle map' });
    await map.getByText('the critic (Partner A) → sets off → the withdrawer (Partner B)').waitFor();
    await map.getByText('Partner A sees “a part of Partner B”; Partner B sees it').waitFor();
    await panel.getByLabel('A note for the record (optional)').fill('A softened toward B');
    await panel.getByRole('button', { name: 'Mark repair' }).click();
    await panel
      .getByRole('list', { name: /Marked moments/ })
      .getByText(/a moment of repair: A softened toward B/)
      .waitFor();
    await expectAccessible(t, 'the console with the cycle map');
    await t.screenshot({ path: `${SHOTS}/repair-console-cycle-map.png`, animations: 'disabled' });

    // I36: B was shown "the critic"; A was never shown "the withdrawer".
    const aMap = a.page.getByRole('region', { name: 'How your parts dance' });
    const bMap = b.page.getByRole('region', { name: 'How your parts dance' });
    await aMap.getByText('the critic (you) → sets off → a part of Partner B').waitFor();
    await bMap.getByText('the critic (Partner A) → sets off → the withdrawer (you)').waitFor();
    expect(await a.page.content()).not.toContain('withdrawer');
    // I33: the mark is the therapist's alone.
    for (const partner of [a, b]) expect(await partner.page.content()).not.toContain('softened');
    await expectAccessible(a.page, 'the cycle map on A’s phone');
    await phoneShot(a.page, 'cycle-map-A');
    await phoneShot(b.page, 'cycle-map-B');

    // I30, I31: B offers a repair while reflecting; A answers on their phone; the round stays put.
    await b.page.getByRole('button', { name: 'Offer a repair' }).click();
    await b.page.getByLabel('An apology').fill('I am sorry I went quiet on you.');
    await b.page.getByRole('button', { name: 'Offer it' }).click();
    await b.page.getByText('Your repair is with your partner.').waitFor();
    await a.page.getByText('Your partner offers a repair.').waitFor();
    await a.page.getByText('“I am sorry I went quiet on you.”', { exact: true }).waitFor();
    await expectAccessible(a.page, 'a repair offered, on the other phone');
    await phoneShot(a.page, 'offer-incoming');
    await a.page.getByRole('button', { name: 'Thank you, I accept' }).click();
    await b.page.getByText('Your partner accepted your repair.').waitFor();
    await therapist.page
      .getByText(/Partner B offered a repair · “I am sorry I went quiet on you.” — Partner A: accepted/)
      .waitFor();
    await b.page.getByRole('heading', { name: 'Reflecting', exact: true }).waitFor();

    // Taking the link back empties both partners' maps.
    await map.getByRole('button', { name: /^Unlink / }).click();
    await expect.poll(() => aMap.count()).toBe(0);
    await expect.poll(() => bMap.count()).toBe(0);
    for (const person of [therapist, a, b]) person.expectNoErrors();
  });
});
