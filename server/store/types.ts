import type { Mode, RoomEvent, Seat } from '../../shared/index.ts';
import type { AccountStore } from './accountTypes.ts';
import type { PartsStore } from './partsTypes.ts';
import type { PracticeStore } from './practiceTypes.ts';

/**
 * The narrow interfaces the room core talks to, filled by the SQLite store (`sqlite.ts`) and the
 * Redis store (`redis/store.ts`); their contract suite is `tests/store/storeContract.ts`.
 */

export interface StoredRoom {
  roomId: string;
  mode: Mode;
  createdAt: number;
  /** A seat's token is valid only while its `v` claim equals this version (A5). */
  seatVersions: Partial<Record<Seat, number>>;
}

export interface CommandRecord {
  seat: Seat;
  commandId: string;
  /** A hash of the command itself, so an id reused for a different command is caught (A4). */
  fingerprint: string;
}

export interface CommandSeen {
  /** The seq the command was acknowledged with (its last event's). */
  seq: number;
  fingerprint: string;
}

export type AppendResult =
  | { ok: true }
  /** Someone else appended first: the log's head is past `expectedSeq` (S2). */
  | { ok: false; reason: 'conflict'; headSeq: number }
  /** This command id was already applied by this seat; here is the seq it was acknowledged with (A4). */
  | ({ ok: false; reason: 'duplicate' } & CommandSeen);

export interface RoomDirectory {
  /** Creates the room with its seats at version 1 and its first events, all at once. */
  createRoom(room: StoredRoom, firstEvents: RoomEvent[]): Promise<void>;
  getRoom(roomId: string): Promise<StoredRoom | null>;
  /** Revokes the seat's current token; returns the new version. */
  bumpSeatVersion(roomId: string, seat: Seat): Promise<number>;
  /**
   * Erases everything the store holds for the room — the room, its seats, events, commands, audit
   * rows, and its documents' updates (set-aside ones too) — at once, and makes it gone from the
   * store's files (E1). Records who erased it and when, never content (E2). From then on nothing is
   * stored for this room id again: a late write is refused (documents), dropped (audit) or fails
   * (events). Returns whether there was a room to erase; only then is an erasure recorded.
   */
  eraseRoom(roomId: string, erasure: ErasureRequest): Promise<boolean>;
  /** The erasures recorded for a subject (a room id, a couple id), oldest first. */
  erasuresOf(subjectId: string): Promise<Erasure[]>;
}

/** "Deleted by whom, when" (E2): the row an erasure leaves, with no content. */
export interface Erasure {
  /** A session or practice room, or a whole couple. */
  kind: 'room' | 'couple' | 'practice';
  subjectId: string;
  byKind: 'therapist' | 'partner' | 'retention' | 'operator';
  /** The therapist id or the partner (`A`/`B`); null for retention and the operator. */
  byId: string | null;
  at: number;
}

export type ErasureRequest = Omit<Erasure, 'subjectId' | 'kind'> & { kind?: 'room' | 'practice' };

/** How long what is kept is kept (E3): the operator's settings, in milliseconds. */
export interface RetentionPolicy {
  /** After the end, a room that belongs to no couple is kept for the export window (A15), then erased. */
  exportWindowMs: number;
  /** A couple's practice record neither partner shared is erased this long after it was made. */
  practiceMs: number;
}

export interface RoomToErase {
  roomId: string;
  /** `ended`: past its export window, and no couple's. `practice`: an unshared practice record, too old. */
  why: 'ended' | 'practice';
}

/** What retention asks the store (E3); the sweeper (`server/room/retention.ts`) erases what it answers. */
export interface RetentionStore {
  /** The rooms due for erasure at `now`, at most `limit` of them, oldest first. */
  roomsToErase(now: number, policy: RetentionPolicy, limit: number): Promise<RoomToErase[]>;
}

export interface EventLog {
  /**
   * Appends events whose seqs follow `expectedSeq`, durably, before resolving (S1). With a command
   * record, the append and the record of the command id are one atomic write.
   */
  append(
    roomId: string,
    expectedSeq: number,
    events: RoomEvent[],
    command: CommandRecord | null,
  ): Promise<AppendResult>;
  /** Events with seq ≥ fromSeq, in order, at most `limit`. */
  read(roomId: string, fromSeq: number, limit?: number): Promise<RoomEvent[]>;
  /** How a command was acknowledged, if this seat already sent one with this id. */
  findCommand(roomId: string, seat: Seat, commandId: string): Promise<CommandSeen | null>;
  /**
   * Hands `onEvents` every event of the room with seq > afterSeq, in order, each once: those stored
   * already, then each append as it is stored — by any writer that shares this store's data (another
   * process on the same Redis; for SQLite, this store object's own appends). Until `stop()`.
   */
  follow(roomId: string, afterSeq: number, onEvents: (events: RoomEvent[]) => void): Following;
}

export interface Following {
  stop(): void;
}

export interface AuditEntry {
  roomId: string;
  at: number;
  seat: Seat | 'system' | null;
  /** What happened, never what was written: `command:speak`, `rejected:speak`, `connect`, `token:reissued`… */
  action: string;
  seq?: number;
  code?: string;
}

export interface AuditTrail {
  audit(entry: AuditEntry): Promise<void>;
  readAudit(roomId: string): Promise<AuditEntry[]>;
}

/** One stored update of a document, with the id that orders it and that compaction stops at. */
export interface StoredDocUpdate {
  id: number;
  update: Uint8Array;
}

/**
 * The synced documents' storage (Yjs updates, opaque bytes). A document is the merge of its updates
 * in any order, so appends need no expected position; ids only say how far a compaction may delete.
 */
export interface DocStore {
  /** Every stored update of the document, oldest first; empty for a new document. */
  loadDoc(name: string): Promise<StoredDocUpdate[]>;
  /** Stores one update durably before resolving; returns its id. */
  appendDocUpdate(name: string, update: Uint8Array): Promise<number>;
  /**
   * Stores several updates of one document durably, all or none, in the order given, before
   * resolving; returns their ids (a client's updates that arrived while the last write was stored).
   */
  appendDocUpdates(name: string, updates: Uint8Array[]): Promise<number[]>;
  /**
   * Compaction: stores `merged` and deletes the document's updates with an id up to `throughId` (the
   * last one merged), atomically. Updates stored after the merge was taken are kept. Returns the new id.
   */
  replaceDoc(name: string, merged: Uint8Array, throughId: number): Promise<number>;
  /** Moves an update that does not apply out of the document, kept aside for an operator (D13). */
  setAsideDocUpdate(name: string, id: number): Promise<void>;
  /**
   * Hands `onRows` every update of the document stored with an id above `afterId`, in id order, each
   * once, until `stop()`: the ones stored already, then each as it is stored — a compaction's merged
   * row too — by any writer that shares this store's data (another process on the same Redis; for
   * SQLite, this store object's own writes). The rows carry the bytes as stored.
   */
  followDoc(name: string, afterId: number, onRows: (rows: StoredDocUpdate[]) => void): Following;
  /** How many update bytes each stored document of a room holds, by document name (the room cap). */
  docSizes(roomId: string): Promise<Map<string, number>>;
  /**
   * After an erasure: nothing deleted is left in the store's files (S12). Safe to call at any time;
   * on Redis it rewrites the whole append-only file, so only erasures call it (a compaction's own
   * clean-up is the store's business, inside `replaceDoc`).
   */
  checkpoint(): Promise<void>;
  /**
   * Takes the lease `name` for `holder` for `ttlMs`, or renews it when `holder` has it already;
   * false while another holder has it (S29: the record's writer, a compaction). A lease names a
   * document (`<roomId>/…`, with a `#purpose` after it) and lives with its room.
   */
  lease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, if `holder` still has it (another holder's is left alone). */
  releaseLease(name: string, holder: string): Promise<void>;
}

/** How one call to the backing store ended: answered, the store unreachable or unable to write, or another failure. */
export type StoreCallOutcome = 'ok' | 'unavailable' | 'error';

/**
 * What a store tells the metrics of its calls (`server/metrics.ts`, S28). Called synchronously on
 * the hot path: cheap, and never throws.
 */
export interface StoreObserver {
  /** A call took `seconds`, from asking to its answer, and ended so. */
  called(seconds: number, outcome: StoreCallOutcome): void;
  /** A request sent to Redis (store calls, readiness probes, followers' reads); never on SQLite. */
  roundTrip(): void;
}

/** Observes nothing: a store's observer until one is set. */
export const NO_OBSERVER: StoreObserver = { called() {}, roundTrip() {} };

export interface Store extends RoomDirectory, EventLog, AuditTrail, DocStore {
  readonly kind: 'sqlite' | 'redis';
  /** Therapists and their signed-in devices (issue 10). */
  readonly accounts: AccountStore;
  /** Partners' own edits of their parts across sessions (issue 10 §4). */
  readonly parts: PartsStore;
  readonly retention: RetentionStore;
  /** Couples, their home links, rooms, assignments and practice sharing (issue 10, K1–K9). */
  readonly practice: PracticeStore;
  /**
   * Commits and the writes they carried since the store opened (S19): writes / commits is the group
   * commit's batch size.
   */
  writeStats(): { commits: number; writes: number };
  /**
   * From now on, tells `observer` of the store's calls (S28). Redis: every call, and every round
   * trip. SQLite: its writes (the writer thread's from asking to the commit that holds them, and the
   * server thread's), not audit lines (they wait for a commit to ride on purpose) nor reads, which
   * are synchronous and short.
   */
  observe(observer: StoreObserver): void;
  /** True when a write goes through now; false while the store cannot write (S13). Cheap to call often. */
  ready(): Promise<boolean>;
  /** Writes out what is pending and lets go of the data (and, for SQLite, of the data directory). */
  close(): Promise<void>;
}
