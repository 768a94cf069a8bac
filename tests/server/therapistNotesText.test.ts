import { describe, expect, it } from 'vitest';
import { therapistNotesText } from '../../server/practice/therapistNotesText.ts';
import { openDoc } from '../support/clients.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';

/** The therapist's private notes as stored, read back for the therapist's copy of the record (R5). */
describe('therapistNotesText', () => {
  const ctx = withServer();

  it('R5 reads the notes the therapist wrote in the console document, edits and all', async () => {
    const room = await ctx.server.createRoom('therapy');
    const notes = openDoc(ctx.server.url, `${room.roomId}/therapist-notes`, room.token('therapist'));
    const shared = openDoc(ctx.server.url, `${room.roomId}/notes`, room.token('therapist'));
    await Promise.all([notes.synced(), shared.synced()]);
    notes.text().insert(0, 'Watch the defender.\nB softened in round 2.');
    notes.text().delete(0, 'Watch the '.length);
    notes.text().insert(0, 'Notice the ');
    shared.text().insert(0, 'What we learned: shared, not private.');
    const expected = 'Notice the defender.\nB softened in round 2.';
    await eventually(async () =>
      expect(await therapistNotesText(ctx.server.store, room.roomId)).toBe(expected),
    );
    expect(await therapistNotesText(ctx.server.store, room.roomId)).not.toContain('shared');
  });

  it('R5 a room whose therapist wrote no notes has none, and another room’s notes are not its', async () => {
    const written = await ctx.server.createRoom('therapy');
    const empty = await ctx.server.createRoom('therapy');
    const notes = openDoc(ctx.server.url, `${written.roomId}/therapist-notes`, written.token('therapist'));
    await notes.synced();
    notes.text().insert(0, 'Only for this room.');
    await eventually(async () =>
      expect(await therapistNotesText(ctx.server.store, written.roomId)).toBe('Only for this room.'),
    );
    expect(await therapistNotesText(ctx.server.store, empty.roomId)).toBe('');
  });

  it('D13 R5 a stored update that does not apply is left out, and reading changes nothing in the store', async () => {
    const room = await ctx.server.createRoom('therapy');
    const name = `${room.roomId}/therapist-notes`;
    const notes = openDoc(ctx.server.url, name, room.token('therapist'));
    await notes.synced();
    notes.text().insert(0, 'Kept.');
    await eventually(async () =>
      expect(await therapistNotesText(ctx.server.store, room.roomId)).toBe('Kept.'),
    );
    await ctx.server.store.appendDocUpdate(name, new Uint8Array([0, 1, 2, 3, 250, 251]));
    const before = await ctx.server.store.loadDoc(name);
    expect(await therapistNotesText(ctx.server.store, room.roomId)).toBe('Kept.');
    expect(await ctx.server.store.loadDoc(name)).toEqual(before);
  });
});
