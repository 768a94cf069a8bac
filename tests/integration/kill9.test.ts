import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type ClientCommand,
  type CommandAck,
  type RoomEvent,
  type Seat,
  viewState,
} from '../../shared/index.ts';
import { openSeat } from '../support/clients.ts';
import { eventually } from '../support/eventually.ts';
import { createRoom } from '../support/roomApi.ts';
import type { SeatClient } from '../support/seatClient.ts';
import { kill9, type ServerProcess, startServerProcess, tempDir } from '../support/serverProcess.ts';

/**
 * S1 against a real `kill -9`: the server runs as a child process (`node --import tsx`, so the pid
 * we kill is the server itself, not a wrapper), is killed while commands are in flight, and a new
 * process on the same DATA_DIR must hold every acknowledged event.
 */

/** The seqs the process logged as accepted: written after the append, one line per accepted command. */
function acceptedSeqs(server: ServerProcess): number[] {
  return server.logs.filter((line) => line.msg === 'accepted').map((line) => line.seq as number);
}

/** A client on the new server with the same token, the last seq it saw and what it had folded (S4). */
function resume(old: SeatClient, url: string): SeatClient {
  return openSeat(url, old.token, { lastSeq: old.lastSeq ?? 0, state: old.state });
}

function open(url: string, token: string, lastSeq?: number): SeatClient {
  return openSeat(url, token, lastSeq === undefined ? {} : { lastSeq });
}

async function synced(client: SeatClient): Promise<void> {
  await client.connected();
  await eventually(() => {
    if (!client.frames.some((frame) => frame.event === 'sync')) throw new Error('no sync yet');
  });
}

function expectGapFree(events: RoomEvent[], from: number, to: number) {
  expect(events.map((event) => event.seq)).toEqual(Array.from({ length: to - from + 1 }, (_, i) => from + i));
}

interface Sent {
  seat: Seat;
  id: string;
  command: ClientCommand;
  ack: CommandAck | null;
}

/** The event a single-event command leaves at its acknowledged seq. */
const EVENT_OF: Partial<Record<ClientCommand['type'], RoomEvent['type']>> = {
  admit: 'seatAdmitted',
  agreeContract: 'contractAgreed',
  setTimer: 'timerSet',
  extendTimer: 'timerExtended',
  requestFloor: 'floorRequested',
  listenerReady: 'listenerReady',
  urgeToSpeak: 'urgeToSpeak',
  uTurn: 'partNamed',
  speak: 'spoke',
  reflect: 'reflected',
  confirm: 'confirmed',
  answerMore: 'moreAnswered',
};

/** Checks that the log holds, at `seq`, the event this command would have written. */
function expectEventOf(log: RoomEvent[], sent: Sent, seq: number) {
  const event = log.find((e) => e.seq === seq);
  expect(event, `${sent.command.type} from ${sent.seat} at ${seq}`).toMatchObject({ actor: sent.seat });
  const type = EVENT_OF[sent.command.type];
  if (type) expect(event?.type).toBe(type);
}

describe('kill -9 durability (S1)', () => {
  it('S1 S4 A4 kill -9 mid-burst loses no acknowledged event and the round goes on from the same step', async () => {
    const dataDir = tempDir();
    const first = await startServerProcess(dataDir);
    const { token } = await createRoom(first.url, 'therapy');
    const therapist = open(first.url, token('therapist'));
    const a = open(first.url, token('A'));
    const b = open(first.url, token('B'));
    await Promise.all([therapist, a, b].map((client) => client.connected()));
    const clientOf = { therapist, A: a, B: b } as const;

    const sent: Sent[] = [];
    async function ok(seat: Seat, command: ClientCommand): Promise<number> {
      const entry: Sent = { seat, id: randomUUID(), command, ack: null };
      sent.push(entry);
      entry.ack = await clientOf[seat].send(command, entry.id);
      if (!entry.ack.ok) throw new Error(`${command.type} rejected: ${entry.ack.error.code}`);
      return entry.ack.seq;
    }

    // Part of a round, each step acknowledged.
    await ok('therapist', { type: 'admit', seat: 'A' });
    await ok('therapist', { type: 'admit', seat: 'B' });
    await eventually(() => expect(b.state?.admitted).toEqual({ A: true, B: true }));
    await ok('A', { type: 'agreeContract', safeWord: 'lighthouse' });
    await ok('B', { type: 'agreeContract' });
    await ok('A', {
      type: 'checkIn',
      checkIn: { parts: ['a tight chest'], selfEnergy: 5 },
      visibility: 'therapist',
    });
    await ok('B', { type: 'checkIn', checkIn: { parts: ['a tired part'] }, visibility: 'room' });
    await ok('therapist', { type: 'setTimer', seconds: 600, label: 'first round' });
    await ok('A', { type: 'requestFloor', topic: 'Sunday plans' });
    await ok('B', { type: 'listenerReady' });
    await ok('A', { type: 'uTurn', part: { name: 'the planner', kind: 'protector', fears: 'chaos' } });
    await ok('A', { type: 'speak', text: 'A part of me gets tense when plans change late.' });
    await ok('B', { type: 'reflect', text: 'A part of you gets tense with late changes.' });
    const beforeBurst = await ok('A', { type: 'confirm' });
    for (const client of [therapist, a, b]) await client.caughtUp(beforeBurst);
    expect(therapist.state).toMatchObject({ stage: 'round', round: { speaker: 'A', step: 'more' } });

    // The burst: none of it waits for an answer. Each connection's commands are applied in the
    // order sent (S3), and none of them depends on another seat's, so any prefix of each
    // connection's list is a valid history; the process is killed when the third answer arrives.
    const burst: Record<Seat, ClientCommand[]> = {
      A: [
        { type: 'answerMore', more: true },
        ...Array.from({ length: 10 }, (_, i) => ({
          type: 'uTurn' as const,
          part: { name: `the planner, take ${i + 1}`, kind: 'protector' as const },
        })),
        { type: 'speak', text: 'And it wants us to decide on Friday.' },
      ],
      B: Array.from({ length: 20 }, () => ({ type: 'urgeToSpeak' as const })),
      therapist: Array.from({ length: 20 }, () => ({ type: 'extendTimer' as const, seconds: 10 })),
    };
    const burstSent: Sent[] = [];
    let answers = 0;
    const inFlight: Promise<unknown>[] = [];
    for (const seat of ['A', 'B', 'therapist'] as const) {
      for (const command of burst[seat]) {
        const entry: Sent = { seat, id: randomUUID(), command, ack: null };
        burstSent.push(entry);
        inFlight.push(
          clientOf[seat].send(command, entry.id).then(
            (ack) => {
              entry.ack = ack;
              answers += 1;
              if (answers === 3) first.child.kill('SIGKILL');
            },
            () => undefined, // the server died before answering: not acknowledged, nothing promised
          ),
        );
      }
    }
    await first.exited;
    await Promise.all(inFlight);
    const liveBeforeKill = [...therapist.events];
    expect(first.child.signalCode).toBe('SIGKILL');
    const answered = burstSent.filter((entry) => entry.ack !== null);
    for (const entry of answered)
      expect(entry.ack, `${entry.command.type} from ${entry.seat}`).toMatchObject({ ok: true });
    const acknowledged = [...sent, ...answered].map((entry) => ({
      entry,
      seq: (entry.ack as { seq: number }).seq,
    }));
    const maxAcknowledged = Math.max(...acknowledged.map(({ seq }) => seq));
    expect(maxAcknowledged).toBeGreaterThan(beforeBurst);

    // A second life on the same data directory and secret.
    const second = await startServerProcess(dataDir);
    const observer = open(second.url, token('therapist'), 0); // replays the whole log from seq 1
    const therapist2 = resume(therapist, second.url);
    const a2 = resume(a, second.url);
    const b2 = resume(b, second.url);
    await Promise.all([observer, therapist2, a2, b2].map(synced));

    const head = observer.lastSeq ?? 0;
    const log = [...observer.events];
    expectGapFree(log, 1, head);
    expect(head).toBeGreaterThanOrEqual(maxAcknowledged);
    for (const { entry, seq } of acknowledged) expectEventOf(log, entry, seq);
    // What the therapist was sent live before the kill was durable first: the same events, unchanged.
    for (const event of liveBeforeKill) expect(log[event.seq - 1]).toEqual(event);
    // Every accept the first life logged (after its append) is in the log.
    for (const seq of acceptedSeqs(first)) expect(seq).toBeLessThanOrEqual(head);

    // Reconnected seats caught up gap-free from their lastSeq, to the same view (S4, A14).
    for (const [old, now] of [
      [therapist, therapist2],
      [a, a2],
      [b, b2],
    ] as const) {
      expect(now.lastSeq).toBe(head);
      expectGapFree([...old.events, ...now.events], old.events[0]?.seq ?? 2, head);
      expect(now.protocolErrors).toEqual([]);
    }
    const full = observer.state;
    if (!full) throw new Error('the observer has no state');
    expect(therapist2.state).toEqual(full);
    expect(a2.state).toEqual(viewState(full, 'A'));
    expect(b2.state).toEqual(viewState(full, 'B'));
    // The step is the one the durable log leads to, whichever burst commands made it in.
    const madeIt = (type: RoomEvent['type']) =>
      log.some((event) => event.seq > beforeBurst && event.type === type);
    const step = madeIt('spoke') ? 'reflect' : madeIt('moreAnswered') ? 'speak' : 'more';
    expect(full).toMatchObject({ stage: 'round', round: { speaker: 'A', step } });

    // The clients resend what was never answered, with the same ids and in the same order (A4):
    // what was applied before the kill answers with its old seq, the rest is applied now.
    const unanswered = burstSent.filter((entry) => entry.ack === null);
    const clientOf2 = { therapist: therapist2, A: a2, B: b2 } as const;
    await Promise.all(
      unanswered.map(async (entry) => {
        entry.ack = await clientOf2[entry.seat].send(entry.command, entry.id);
      }),
    );
    const burstSeqs = burstSent.map((entry) => {
      expect(entry.ack, `${entry.command.type} from ${entry.seat}`).toMatchObject({ ok: true });
      return (entry.ack as { seq: number }).seq;
    });
    // Each burst command was applied exactly once: before the kill (answering with a seq up to the
    // head the second life found) or now (after it).
    const afterRetries = beforeBurst + burstSent.length;
    expect([...burstSeqs].sort((x, y) => x - y)).toEqual(
      Array.from({ length: burstSent.length }, (_, i) => beforeBurst + 1 + i),
    );
    expect(burstSeqs.filter((seq) => seq <= head)).toHaveLength(head - beforeBurst);
    for (const client of [observer, therapist2, a2, b2]) await client.caughtUp(afterRetries);
    const finalLog = [...observer.events];
    expectGapFree(finalLog, 1, afterRetries);
    burstSent.forEach((entry, i) => {
      expectEventOf(finalLog, entry, burstSeqs[i] as number);
    });

    // The round goes on from exactly where the log says: A's piece is there, so B reflects.
    expect(observer.state).toMatchObject({ stage: 'round', round: { speaker: 'A', step: 'reflect' } });
    const reflected = await b2.ok({ type: 'reflect', text: 'And you want us to decide on Friday.' });
    expect(reflected).toBe(afterRetries + 1);
    expect(await a2.ok({ type: 'confirm' })).toBe(afterRetries + 2);
    await observer.caughtUp(afterRetries + 2);
    expect(observer.state).toMatchObject({ stage: 'round', round: { speaker: 'A', step: 'more' } });

    // The second life wrote each seq once, all after the head it found. Its stdout is read
    // asynchronously, so wait for the last line before judging the whole log.
    await eventually(() => expect(acceptedSeqs(second)).toContain(afterRetries + 2));
    const secondAccepted = acceptedSeqs(second);
    expect(new Set(secondAccepted).size).toBe(secondAccepted.length);
    for (const seq of secondAccepted) expect(seq).toBeGreaterThan(head);
    expect(Math.max(...secondAccepted)).toBe(afterRetries + 2);
  });

  it('A4 S1 an acknowledged command retried after kill -9 gets its original seq and adds no event', async () => {
    const dataDir = tempDir();
    const first = await startServerProcess(dataDir);
    const { token } = await createRoom(first.url, 'therapy');
    const therapist = open(first.url, token('therapist'));
    const a = open(first.url, token('A'));
    const b = open(first.url, token('B'));
    await Promise.all([therapist, a, b].map((client) => client.connected()));

    const acknowledged: { client: 'therapist' | 'A'; id: string; command: ClientCommand; seq: number }[] = [];
    async function ok(seat: 'therapist' | 'A' | 'B', command: ClientCommand) {
      const id = randomUUID();
      const ack = await { therapist, A: a, B: b }[seat].send(command, id);
      if (!ack.ok) throw new Error(`${command.type} rejected: ${ack.error.code}`);
      if (seat !== 'B') acknowledged.push({ client: seat, id, command, seq: ack.seq });
      return ack.seq;
    }
    await ok('therapist', { type: 'admit', seat: 'A' });
    await ok('therapist', { type: 'admit', seat: 'B' });
    await eventually(() => expect(a.state?.admitted).toEqual({ A: true, B: true }));
    await ok('A', { type: 'agreeContract' });
    await ok('B', { type: 'agreeContract' });
    const last = await ok('A', { type: 'checkIn', checkIn: { parts: ['a quiet part'] }, visibility: 'room' });
    for (const client of [therapist, a, b]) await client.caughtUp(last);

    await kill9(first);
    const second = await startServerProcess(dataDir);
    const therapist2 = resume(therapist, second.url);
    const a2 = resume(a, second.url);
    const b2 = resume(b, second.url);
    await Promise.all([therapist2, a2, b2].map(synced));
    expect(therapist2.lastSeq).toBe(last);
    expect(therapist2.events).toEqual([]);

    const clientOf2 = { therapist: therapist2, A: a2 } as const;
    for (const { client, id, command, seq } of acknowledged) {
      // Decided afresh, each would now be refused as already done: the record answers instead.
      expect(await clientOf2[client].send(command, id)).toEqual({ ok: true, seq });
    }
    expect(await a2.send({ type: 'agreeContract' })).toMatchObject({
      ok: false,
      error: { code: 'already_done' },
    });

    // No retry wrote anything: B's check-in takes the next seqs (its own and the round opening).
    const checkedIn = await b2.ok({
      type: 'checkIn',
      checkIn: { parts: ['a tired part'] },
      visibility: 'room',
    });
    expect(checkedIn).toBe(last + 2);
    await therapist2.caughtUp(checkedIn);
    expect(therapist2.events.map((event) => [event.seq, event.type])).toEqual([
      [last + 1, 'checkedIn'],
      [last + 2, 'roundStarted'],
    ]);
    await eventually(() => expect(acceptedSeqs(second)).toEqual([checkedIn]));
  });
});
