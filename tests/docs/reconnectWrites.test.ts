import { describe, expect, it } from 'vitest';
import { openDoc, openSeat } from '../support/clients.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';

/**
 * On every reconnect the stock client answers the server's sync step 1 with what the server lacks —
 * and, since Yjs encodes deletions in full, with its whole delete set. A reply that adds nothing is
 * neither stored (a row and a commit per connection in a reconnect storm) nor refused.
 */
describe('reconnecting to a document', () => {
  const ctx = withServer();

  it('D8 S22 a writer that reconnects with nothing new adds no stored row; its next edit is stored as usual', async () => {
    const room = await ctx.server.createRoom('practice');
    const name = `${room.roomId}/notes`;
    const notes = openDoc(ctx.server.url, name, room.token('A'));
    await notes.synced();
    notes.text().insert(0, 'We slow down when it gets loud.');
    notes.text().delete(0, 3); // a deletion: every later sync reply carries it
    const rows = async () => (await ctx.server.store.loadDoc(name)).length;
    await eventually(async () => expect(await rows()).toBe(2));

    for (let i = 0; i < 3; i++) {
      notes.provider.disconnect();
      notes.provider.connect();
      await notes.synced();
    }
    // An edit after the reconnects goes through the same connection's queue, after its sync reply.
    notes.text().insert(0, 'So ');
    await eventually(async () => expect(await rows()).toBe(3));
    const peer = openDoc(ctx.server.url, name, room.token('B'));
    await eventually(() => expect(peer.text().toString()).toBe('So slow down when it gets loud.'));
  });

  it('D2 S22 a reader of the record that reconnects is not told it may not write', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = openSeat(ctx.server.url, room.token('A'));
    await a.connected();
    await a.ok({ type: 'agreeContract' });
    const record = openDoc(ctx.server.url, `${room.roomId}/record`, room.token('B'));
    await record.synced();
    // The record's `lastSeq` is overwritten as events arrive: the reader's copy holds deletions.
    const seq = await a.ok({ type: 'setTimer', seconds: 60 });
    await eventually(() => expect(record.doc.getMap('meta').get('lastSeq')).toBe(seq));
    const before = ctx.server.logs.filter((line) => line.includes('read-only sync reply dropped')).length;
    record.provider.disconnect();
    record.provider.connect();
    await record.synced();
    // Another reader's round trip after it: the first reader's reply has been handled by then.
    const other = openDoc(ctx.server.url, `${room.roomId}/record`, room.token('A'));
    await other.synced();
    await a.ok({ type: 'setTimer', seconds: 30 });
    await eventually(() => expect(record.doc.getMap('meta').get('lastSeq')).toBe(seq + 1));
    expect(ctx.server.logs.filter((line) => line.includes('read-only sync reply dropped')).length).toBe(
      before,
    );
    expect(record.provider.wsconnected).toBe(true);
  });
});
