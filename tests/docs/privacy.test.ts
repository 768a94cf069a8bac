import { describe, expect, it } from 'vitest';
import { tryUpgrade } from '../support/docClient.ts';
import { withDocClients } from '../support/docSession.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';

const ctx = withServer();
const { open } = withDocClients(() => ctx.server.url);

const contains = (frames: Uint8Array[], marker: string) =>
  frames.some((f) => Buffer.from(f).includes(marker));

describe("the therapist's private notes (D6)", () => {
  it('D6 not one byte of them reaches a partner, through any document, awareness or socket event', async () => {
    const room = await ctx.server.createRoom('therapy');
    const therapist = await ctx.join(room.token('therapist'));
    await therapist.ok({ type: 'admit', seat: 'A' });
    await therapist.ok({ type: 'admit', seat: 'B' });
    const partners = [await ctx.join(room.token('A')), await ctx.join(room.token('B'))];
    // Both share their drafts (D4), so every document a partner can open is watched below.
    for (const partner of partners) await partner.ok({ type: 'shareDraft', shared: true });
    const partnerDocs = (['A', 'B'] as const).flatMap((seat) =>
      ['record', 'notes', 'draft/A', 'draft/B'].map((doc) => open(`${room.roomId}/${doc}`, room.token(seat))),
    );
    await Promise.all(partnerDocs.map((d) => d.synced()));

    const marker = `THERAPIST-ONLY-${Math.random().toString(36).slice(2)}`;
    const notes = open(`${room.roomId}/therapist-notes`, room.token('therapist'));
    await notes.synced();
    notes.provider.awareness.setLocalStateField('typing', marker);
    notes.text().insert(0, `Session note: ${marker}`);
    const secondScreen = open(`${room.roomId}/therapist-notes`, room.token('therapist'));
    await eventually(() => expect(secondScreen.text().toString()).toContain(marker));
    expect(contains(secondScreen.tap.frames, marker)).toBe(true); // the marker is findable in frames

    // Everything else keeps flowing meanwhile, so the partners' sockets are live when we look.
    const seq = await therapist.ok({ type: 'setTimer', seconds: 60, label: 'check-in' });
    for (const partner of partners) await partner.caughtUp(seq);
    await eventually(() =>
      expect(
        partnerDocs
          .filter((d) => d.provider.roomname.endsWith('/record'))[0]
          ?.doc.getMap('meta')
          .get('lastSeq'),
      ).toBe(seq),
    );
    for (const client of partnerDocs) expect(contains(client.tap.frames, marker)).toBe(false);
    for (const partner of partners) expect(JSON.stringify(partner.frames)).not.toContain(marker);
    // S6: nor does the server log it.
    expect(ctx.server.logs.join('')).not.toContain(marker);
    // And a partner cannot open them, whatever the document name looks like.
    for (const name of [
      'therapist-notes',
      'therapist-notes/',
      'THERAPIST-NOTES',
      '%74herapist-notes',
      'notes/../therapist-notes',
    ]) {
      const answer = await tryUpgrade(ctx.server.url, `${room.roomId}/${name}`, room.token('A'));
      expect(answer.outcome, name).not.toBe(101);
      expect(answer.reason).not.toContain(marker);
    }
  });
});

/** A therapy room with both partners in, each with a socket to send their own commands. */
async function therapyRoomWithPartners() {
  const room = await ctx.server.createRoom('therapy');
  const therapist = await ctx.join(room.token('therapist'));
  await therapist.ok({ type: 'admit', seat: 'A' });
  await therapist.ok({ type: 'admit', seat: 'B' });
  const a = await ctx.join(room.token('A'));
  const b = await ctx.join(room.token('B'));
  return { room, therapist, a, b };
}

describe('drafts (D3, D4)', () => {
  it('D4 a draft is its author’s and the therapist’s: the other partner is refused, also when only one partner chose to share', async () => {
    const { room, a } = await therapyRoomWithPartners();
    const author = open(`${room.roomId}/draft/A`, room.token('A'));
    const watcher = open(`${room.roomId}/draft/A`, room.token('therapist'));
    await Promise.all([author.synced(), watcher.synced()]);
    author.text().insert(0, 'NOT-FOR-B');
    await eventually(() => expect(watcher.text().toString()).toBe('NOT-FOR-B'));
    const refused = await tryUpgrade(ctx.server.url, `${room.roomId}/draft/A`, room.token('B'));
    expect(refused.outcome).toBe(4403);
    expect(refused.reason).not.toContain('NOT-FOR-B');
    await a.ok({ type: 'shareDraft', shared: true });
    expect((await tryUpgrade(ctx.server.url, `${room.roomId}/draft/A`, room.token('B'))).outcome).toBe(4403);
  });

  it('D4 when either partner stops sharing, the other’s open draft connections are closed, both ways', async () => {
    const { room, a, b } = await therapyRoomWithPartners();
    await a.ok({ type: 'shareDraft', shared: true });
    await b.ok({ type: 'shareDraft', shared: true });
    const bReadsA = open(`${room.roomId}/draft/A`, room.token('B'));
    const aReadsB = open(`${room.roomId}/draft/B`, room.token('A'));
    const ownA = open(`${room.roomId}/draft/A`, room.token('A'));
    await Promise.all([bReadsA.synced(), aReadsB.synced(), ownA.synced()]);
    ownA.text().insert(0, 'shared while both agree');
    await eventually(() => expect(bReadsA.text().toString()).toBe('shared while both agree'));

    await b.ok({ type: 'shareDraft', shared: false });
    await eventually(() => expect(bReadsA.tap.closes.map((c) => c.code)).toContain(4401));
    await eventually(() => expect(aReadsB.tap.closes.map((c) => c.code)).toContain(4401));
    ownA.text().insert(0, 'PRIVATE-AGAIN ');
    expect((await tryUpgrade(ctx.server.url, `${room.roomId}/draft/A`, room.token('B'))).outcome).toBe(4403);
    expect(bReadsA.text().toString()).not.toContain('PRIVATE-AGAIN');
    expect(ownA.tap.closes).toEqual([]); // the author keeps writing
  });

  it('D4 when the therapist hides drafts, the other partner is disconnected and refused; the therapist still reads', async () => {
    const { room, therapist, a, b } = await therapyRoomWithPartners();
    await a.ok({ type: 'shareDraft', shared: true });
    await b.ok({ type: 'shareDraft', shared: true });
    const author = open(`${room.roomId}/draft/A`, room.token('A'));
    const partner = open(`${room.roomId}/draft/A`, room.token('B'));
    const watcher = open(`${room.roomId}/draft/A`, room.token('therapist'));
    await Promise.all([author.synced(), partner.synced(), watcher.synced()]);
    author.text().insert(0, 'A part of me');
    await eventually(() => expect(partner.text().toString()).toBe('A part of me'));

    await therapist.ok({ type: 'setDraftsVisible', visible: false });
    await eventually(() => expect(partner.tap.closes.map((c) => c.code)).toContain(4401));
    author.text().insert(12, ' feels unseen');
    await eventually(() => expect(watcher.text().toString()).toBe('A part of me feels unseen'));
    expect(partner.text().toString()).toBe('A part of me');
    expect((await tryUpgrade(ctx.server.url, `${room.roomId}/draft/A`, room.token('B'))).outcome).toBe(4403);

    await therapist.ok({ type: 'setDraftsVisible', visible: true });
    const again = open(`${room.roomId}/draft/A`, room.token('B'));
    await eventually(() => expect(again.text().toString()).toBe('A part of me feels unseen'));
  });

  it('D4 the therapist cannot show a draft the partners have not both chosen to share', async () => {
    const { room, therapist, a } = await therapyRoomWithPartners();
    await therapist.ok({ type: 'setDraftsVisible', visible: false });
    await therapist.ok({ type: 'setDraftsVisible', visible: true });
    expect((await tryUpgrade(ctx.server.url, `${room.roomId}/draft/A`, room.token('B'))).outcome).toBe(4403);
    expect(await a.send({ type: 'setDraftsVisible', visible: false })).toMatchObject({
      ok: false,
      error: { code: 'not_allowed' },
    });
  });
});
