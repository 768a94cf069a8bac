import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/index.ts';
import { withDocClients } from '../support/docSession.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';

const ctx = withServer();
const { open } = withDocClients(() => ctx.server.url);

describe('the record (D2)', () => {
  it('D2 is written by the server as the session runs, equals the rebuild from the log, and keeps private content out', async () => {
    const room = await ctx.server.createRoom('therapy');
    const therapist = await ctx.join(room.token('therapist'));
    const a = await ctx.join(room.token('A'));
    const b = await ctx.join(room.token('B'));
    await therapist.ok({ type: 'admit', seat: 'A' });
    await therapist.ok({ type: 'admit', seat: 'B' });
    const reader = open(`${room.roomId}/record`, room.token('B'));
    await reader.synced();

    await a.ok({ type: 'agreeContract' });
    await b.ok({ type: 'agreeContract' });
    await a.ok({ type: 'shareSafetyPlan', plan: { emergencyContact: 'PRIVATE-CONTACT' } });
    await a.ok({ type: 'checkIn', checkIn: { parts: ['PRIVATE-CHECKIN'] }, visibility: 'therapist' });
    await b.ok({ type: 'checkIn', checkIn: { parts: ['a tired part'] }, visibility: 'room' });
    await a.ok({ type: 'requestFloor', topic: 'the holidays' });
    await b.ok({ type: 'urgeToSpeak' });
    await b.ok({ type: 'listenerReady' });
    await a.ok({ type: 'uTurn', part: { name: 'the planner', kind: 'protector', fears: 'PRIVATE-FEAR' } });
    await a.ok({ type: 'speak', text: 'A part of me gets anxious about the holidays.' });
    await b.ok({ type: 'reflect', text: 'A part of you gets anxious.' });
    await a.ok({ type: 'correct', text: 'About the holidays in particular.' });
    await therapist.ok({ type: 'pause' });
    await therapist.ok({ type: 'resume' });
    const last = await therapist.ok({ type: 'swapRoles' });

    const entries = () => reader.doc.getArray('entries').toJSON() as { seq: number }[];
    await eventually(() => expect(entries().at(-1)?.seq).toBe(last));
    const log = await ctx.server.store.read(room.roomId, 1);
    expect(entries()).toEqual(buildRecord(log));
    expect(reader.doc.getMap('meta').get('lastSeq')).toBe(last);

    // Roles, parts, corrections and interventions are there…
    expect(entries()).toContainEqual(
      expect.objectContaining({
        type: 'spoke',
        seat: 'A',
        role: 'speaker',
        inRound: 1,
        part: { name: 'the planner', kind: 'protector' },
      }),
    );
    expect(entries()).toContainEqual(
      expect.objectContaining({ type: 'corrected', role: 'speaker', step: 'confirm' }),
    );
    expect(entries()).toContainEqual(
      expect.objectContaining({ type: 'paused', actor: 'therapist', role: 'therapist' }),
    );
    // An event's own fields are never overwritten by the entry's: the swap opens round 2, in round 1.
    expect(entries().at(-1)).toMatchObject({ type: 'rolesSwapped', round: 2, inRound: 1, speaker: 'B' });
    // …what only some seats may read is not.
    const text = JSON.stringify(entries());
    for (const secret of [
      'PRIVATE-CONTACT',
      'PRIVATE-CHECKIN',
      'PRIVATE-FEAR',
      'urgeToSpeak',
      'partNamed',
      'safetyPlanShared',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(entries()).toContainEqual(
      expect.objectContaining({ type: 'checkedIn', seat: 'A', visibility: 'therapist' }),
    );
  });

  it("D2 a partner forging writes into the record and into the other partner's draft reaches nobody", async () => {
    const room = await ctx.server.createRoom('practice');
    const a = await ctx.join(room.token('A'));
    const b = await ctx.join(room.token('B'));
    await a.ok({ type: 'agreeContract' });
    // Both share their drafts (D4), so B may read A's — and still never write it.
    await a.ok({ type: 'shareDraft', shared: true });
    await b.ok({ type: 'shareDraft', shared: true });
    const forger = open(`${room.roomId}/record`, room.token('B'));
    const honest = open(`${room.roomId}/record`, room.token('A'));
    const forgerDraft = open(`${room.roomId}/draft/A`, room.token('B'));
    const ownerDraft = open(`${room.roomId}/draft/A`, room.token('A'));
    await Promise.all([forger.synced(), honest.synced(), forgerDraft.synced(), ownerDraft.synced()]);

    forger.doc.getArray('entries').push([{ type: 'spoke', seat: 'A', text: 'FORGED-ENTRY' }]);
    forger.doc.getMap('meta').set('lastSeq', 999);
    forgerDraft.text().insert(0, 'FORGED-DRAFT');
    await eventually(() => expect(forger.tap.closes.map((c) => c.code)).toContain(4403));
    await eventually(() => expect(forgerDraft.tap.closes.map((c) => c.code)).toContain(4403));
    // The stock client is told and does not reconnect (44xx).
    expect(forger.provider.shouldConnect).toBe(false);

    // Later events still reach honest readers, and the record still equals the rebuild.
    const seq = await a.ok({ type: 'setTimer', seconds: 60 });
    await eventually(() => expect(honest.doc.getMap('meta').get('lastSeq')).toBe(seq));
    ownerDraft.text().insert(0, 'my own draft');
    const fresh = open(`${room.roomId}/draft/A`, room.token('B'));
    await eventually(() => expect(fresh.text().toString()).toBe('my own draft'));
    const freshRecord = open(`${room.roomId}/record`, room.token('B'));
    await freshRecord.synced();
    expect(freshRecord.doc.getArray('entries').toJSON()).toEqual(
      buildRecord(await ctx.server.store.read(room.roomId, 1)),
    );
    for (const client of [honest, ownerDraft, fresh, freshRecord]) {
      expect(JSON.stringify(client.doc.toJSON())).not.toMatch(/FORGED/);
    }
    // Refused and logged, without what was written.
    const logs = ctx.server.logs.join('');
    expect(logs).toContain('doc frame refused');
    expect(logs).not.toContain('FORGED');
  });
});
