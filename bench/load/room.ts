import { createRoom } from '../../tests/support/roomApi.ts';
import { serverTherapist } from '../../tests/support/therapist.ts';
import { LoadDoc, LoadSeat, type SeenEvent } from './seat.ts';

export type TargetKind = 'app' | 'bare';

/** Where one load generator sends its rooms: this server (one address for both paths) or the two bare servers. */
export interface Endpoints {
  kind: TargetKind;
  /** socket.io (and, for this server, HTTP) base address. */
  socketUrl: string;
  /** The y-websocket base address (`ws://…/yjs`). */
  docWsUrl: string;
}

const SEATS = ['therapist', 'A', 'B'] as const;
/** Long enough that a late ack still names its seq (the window's own grace is shorter). */
const ACK_TIMEOUT_MS = 60_000;
type BenchSeat = (typeof SEATS)[number];

/** What a run measured, in this process; reset by the driver before each measured window. */
export const sink = {
  recording: false,
  commandLatencies: [] as number[],
  keystrokeLatencies: [] as number[],
  commandsSent: 0,
  commandArrivals: 0,
  keystrokesSent: 0,
  keystrokeArrivals: 0,
  errors: 0,
  /** Why, by kind: a refusal's code, `timeout`, a disconnect's reason, `document closed`… */
  errorKinds: {} as Record<string, number>,
  error(kind: string) {
    if (!this.recording) return;
    this.errors += 1;
    this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + 1;
  },
  reset() {
    this.errorKinds = {};
    this.commandLatencies = [];
    this.keystrokeLatencies = [];
    this.commandsSent = 0;
    this.commandArrivals = 0;
    this.keystrokesSent = 0;
    this.keystrokeArrivals = 0;
    this.errors = 0;
  },
};

function once(emitter: { once(event: string, listener: () => void): unknown }, event: string) {
  return new Promise<void>((resolve) => emitter.once(event, () => resolve()));
}

function synced(doc: LoadDoc) {
  return new Promise<void>((resolve) => {
    if (doc.provider.synced) return resolve();
    const listener = (isSynced: boolean) => {
      if (!isSynced) return;
      doc.provider.off('sync', listener);
      resolve();
    };
    doc.provider.on('sync', listener);
  });
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
    }),
  ]);
}

/**
 * One room's three seats, each with a socket.io connection and a copy of one document all three read
 * and the partner A writes: the shared notes (D5), the one document every seat of a therapy room reads.
 * The therapist pauses and resumes once a second; A types five keystrokes a second.
 */
export class RoomLoad {
  readonly seats: Record<BenchSeat, LoadSeat>;
  docs!: Record<BenchSeat, LoadDoc>;
  private paused = false;
  /** When each acknowledged command was sent, by its seq, until both other seats have its event. */
  private readonly sentBySeq = new Map<number, { sentAt: number; arrivals: number }>();
  /** Events that reached a seat before their command's ack reached the therapist. */
  private readonly early = new Map<number, number[]>();
  private readonly keySentAt = new Map<number, number>();
  private readonly seenBy: Record<'therapist' | 'B', number> = { therapist: 0, B: 0 };
  private timers: NodeJS.Timeout[] = [];

  private constructor(
    readonly endpoints: Endpoints,
    readonly name: string,
    private readonly tokens: Record<BenchSeat, string> | null,
  ) {
    this.seats = {
      therapist: this.seat('therapist'),
      A: this.seat('A'),
      B: this.seat('B'),
    };
    for (const seat of ['A', 'B'] as const) this.seats[seat].onEvent = (event) => this.arrived(event);
  }

  private seat(seat: BenchSeat) {
    const auth = this.tokens ? { token: this.tokens[seat] } : { room: this.name };
    return new LoadSeat(this.endpoints.socketUrl, auth);
  }

  /**
   * Creates (on this server) and connects one room. `connectMs`: from the first socket opened to all
   * three document copies synced — three socket.io handshakes with their welcome, on this server the
   * therapist's two admissions (D1: a partner in the waiting room sees no document), and three Yjs
   * syncs.
   */
  static async open(
    endpoints: Endpoints,
    name: string,
  ): Promise<{ room: RoomLoad; createMs: number; connectMs: number }> {
    // The therapist signs up once per server (a password hash): not part of any room's creation time.
    if (endpoints.kind === 'app') await serverTherapist(endpoints.socketUrl);
    const t0 = performance.now();
    let tokens: Record<BenchSeat, string> | null = null;
    let roomId = name;
    if (endpoints.kind === 'app') {
      const created = await createRoom(endpoints.socketUrl, 'therapy');
      roomId = created.roomId;
      tokens = { therapist: created.token('therapist'), A: created.token('A'), B: created.token('B') };
    }
    const t1 = performance.now();
    const ready = (seat: LoadSeat) => once(seat.socket, endpoints.kind === 'app' ? 'welcome' : 'connect');
    const room = new RoomLoad(endpoints, roomId, tokens);
    await within(Promise.all(SEATS.map((seat) => ready(room.seats[seat]))), 30_000, 'socket.io connect');
    if (endpoints.kind === 'app') {
      for (const seat of ['A', 'B'] as const) {
        const ack = await room.seats.therapist.send({ type: 'admit', seat });
        if (!ack.ok) throw new Error(`admit ${seat}: ${ack.error?.code}`);
      }
    }
    room.docs = {
      therapist: room.doc('therapist'),
      A: room.doc('A'),
      B: room.doc('B'),
    };
    await within(Promise.all(SEATS.map((seat) => synced(room.docs[seat]))), 30_000, 'document sync');
    for (const seat of ['therapist', 'B'] as const) {
      const doc = room.docs[seat];
      doc.doc.on('update', () => room.applied(seat, doc.text.length));
      room.seenBy[seat] = doc.text.length;
    }
    return { room, createMs: t1 - t0, connectMs: performance.now() - t1 };
  }

  private doc(seat: BenchSeat) {
    return new LoadDoc(
      this.endpoints.docWsUrl,
      `${this.name}/notes`,
      this.tokens ? this.tokens[seat] : null,
      seat,
    );
  }

  /** Starts the therapist's pause/resume (1/s) and A's typing (5/s), each at a random phase. */
  start(): void {
    const command = setTimeout(() => {
      this.command();
      this.timers.push(setInterval(() => this.command(), 1000));
    }, Math.random() * 1000);
    const keys = setTimeout(() => {
      this.keystroke();
      this.timers.push(setInterval(() => this.keystroke(), 200));
    }, Math.random() * 200);
    this.timers.push(command, keys);
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }

  /** Forgets what the last window left unmatched, so nothing carries into the next. */
  forget(): void {
    this.sentBySeq.clear();
    this.early.clear();
  }

  /**
   * One command. Its event is matched to it by seq (the ack's, the event's), not by "the last one
   * sent": when the server is slow, acks and events lag behind the next command.
   */
  private command(): void {
    const type = this.paused ? 'resume' : 'pause';
    this.paused = !this.paused;
    const sentAt = performance.now();
    const counted = sink.recording;
    if (counted) sink.commandsSent += 1;
    this.seats.therapist.send({ type }, ACK_TIMEOUT_MS).then(
      (ack) => {
        if (ack.ok && ack.seq !== undefined) {
          if (!counted) return;
          const sent = { sentAt, arrivals: 0 };
          this.sentBySeq.set(ack.seq, sent);
          for (const arrivedAt of this.early.get(ack.seq) ?? []) this.record(ack.seq, sent, arrivedAt);
          this.early.delete(ack.seq);
          return;
        }
        sink.error(`refused: ${ack.error?.code}`);
        // Back in step with the room after a refusal.
        if (ack.error?.code === 'already_done') this.paused = true;
        if (ack.error?.code === 'invalid_target') this.paused = false;
      },
      () => sink.error(`no ack in ${ACK_TIMEOUT_MS / 1000} s`),
    );
  }

  private arrived(event: SeenEvent): void {
    if (event.type !== 'paused' && event.type !== 'resumed' && event.type !== 'relayed') return;
    const now = performance.now();
    const sent = this.sentBySeq.get(event.seq);
    if (sent) {
      this.record(event.seq, sent, now);
      return;
    }
    // Its ack has not come yet (or it is not the therapist's command: then it is never matched).
    if (!sink.recording) return;
    const early = this.early.get(event.seq) ?? [];
    early.push(now);
    this.early.set(event.seq, early);
  }

  private record(seq: number, sent: { sentAt: number; arrivals: number }, arrivedAt: number): void {
    sent.arrivals += 1;
    if (sent.arrivals >= 2) this.sentBySeq.delete(seq);
    if (!sink.recording) return;
    sink.commandArrivals += 1;
    sink.commandLatencies.push(arrivedAt - sent.sentAt);
  }

  private keystroke(): void {
    const text = this.docs.A.text;
    text.insert(text.length, 'x');
    if (!sink.recording) return;
    this.keySentAt.set(text.length, performance.now());
    sink.keystrokesSent += 1;
  }

  private applied(seat: 'therapist' | 'B', length: number): void {
    const now = performance.now();
    for (let k = this.seenBy[seat] + 1; k <= length; k++) {
      const sentAt = this.keySentAt.get(k);
      if (sentAt === undefined || !sink.recording) continue;
      sink.keystrokeArrivals += 1;
      sink.keystrokeLatencies.push(now - sentAt);
    }
    this.seenBy[seat] = Math.max(this.seenBy[seat], length);
    const both = Math.min(this.seenBy.therapist, this.seenBy.B);
    for (const k of this.keySentAt.keys()) if (k <= both) this.keySentAt.delete(k);
  }

  close(): void {
    this.stop();
    for (const seat of SEATS) {
      this.seats[seat].close();
      this.docs?.[seat]?.destroy();
    }
  }
}
