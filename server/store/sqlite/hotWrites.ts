import type Database from 'better-sqlite3';
import type { AppendResult, AuditEntry, CommandRecord, StoredRoom } from '../types.ts';
import { ERASED_ROOM, roomOfDoc } from './erasures.ts';

/**
 * The writes on the hot path — a room's creation, a command's events, a document update, an audit
 * line — as the writer thread runs them (`writerThread.ts`), each inside the group's transaction
 * (S19). What crosses to the thread is plain data: events already serialised, bytes, strings.
 */
export type HotWrite =
  | { op: 'createRoom'; room: StoredRoom; events: EventRow[] }
  | {
      op: 'append';
      roomId: string;
      expectedSeq: number;
      events: EventRow[];
      command: CommandRecord | null;
      /** When the events end the session: retention counts from here (E3). */
      endedAt: number | null;
    }
  | { op: 'appendDoc'; name: string; update: Uint8Array }
  /** Several updates of one document, in one savepoint: all stored, or none. */
  | { op: 'appendDocs'; name: string; updates: Uint8Array[] }
  | { op: 'audit'; entry: AuditEntry }
  /** Nothing: asked for to have everything queued before it committed. */
  | { op: 'flush' };

/** One event as stored: its seq and its JSON. */
export type EventRow = [seq: number, body: string];

/** An erased room's id stays erased (E1): a document write of it is refused, here and in compaction. */
export function docRowInserter(db: Database.Database): (name: string, update: Uint8Array) => number {
  const insert = db.prepare(
    `INSERT INTO doc_updates (doc, update_bytes) SELECT ?, ? WHERE NOT ${ERASED_ROOM}`,
  );
  return (name, update) => {
    const result = insert.run(name, Buffer.from(update), roomOfDoc(name));
    if (result.changes === 0) throw new Error('the room of this document was erased');
    return Number(result.lastInsertRowid);
  };
}

export function hotWriter(db: Database.Database) {
  const appendDoc = docRowInserter(db);
  const stmt = {
    insertRoom: db.prepare('INSERT INTO rooms (room_id, mode, created_at) VALUES (?, ?, ?)'),
    insertSeat: db.prepare('INSERT INTO seats (room_id, seat, version) VALUES (?, ?, ?)'),
    head: db.prepare<[string], { head: number | null }>(
      'SELECT MAX(seq) AS head FROM events WHERE room_id = ?',
    ),
    insertEvent: db.prepare('INSERT INTO events (room_id, seq, body) VALUES (?, ?, ?)'),
    findCommand: db.prepare<[string, string, string], { seq: number; fingerprint: string }>(
      'SELECT seq, fingerprint FROM commands WHERE room_id = ? AND seat = ? AND command_id = ?',
    ),
    insertCommand: db.prepare(
      'INSERT INTO commands (room_id, seat, command_id, seq, fingerprint) VALUES (?, ?, ?, ?, ?)',
    ),
    markEnded: db.prepare('UPDATE rooms SET ended_at = ? WHERE room_id = ?'),
    // An erased room's id stays erased (E1): a late audit line of it is dropped.
    insertAudit: db.prepare(
      `INSERT INTO audit (room_id, at, seat, action, seq, code) SELECT ?, ?, ?, ?, ?, ? WHERE NOT ${ERASED_ROOM}`,
    ),
  };

  /** Runs one write; the caller holds the transaction (the write lock), so a head read cannot move (S2). */
  return function write(w: HotWrite): unknown {
    switch (w.op) {
      case 'createRoom': {
        const { roomId, mode, createdAt, seatVersions } = w.room;
        stmt.insertRoom.run(roomId, mode, createdAt);
        for (const [seat, version] of Object.entries(seatVersions))
          stmt.insertSeat.run(roomId, seat, version);
        for (const [seq, body] of w.events) stmt.insertEvent.run(roomId, seq, body);
        return null;
      }
      case 'append': {
        const { roomId, command } = w;
        if (command) {
          const done = stmt.findCommand.get(roomId, command.seat, command.commandId);
          if (done) {
            return { ok: false, reason: 'duplicate', ...done } satisfies AppendResult;
          }
        }
        const head = stmt.head.get(roomId)?.head ?? 0;
        if (head !== w.expectedSeq)
          return { ok: false, reason: 'conflict', headSeq: head } satisfies AppendResult;
        for (const [seq, body] of w.events) stmt.insertEvent.run(roomId, seq, body);
        if (w.endedAt !== null) stmt.markEnded.run(w.endedAt, roomId);
        const last = w.events.at(-1);
        if (command && last) {
          stmt.insertCommand.run(roomId, command.seat, command.commandId, last[0], command.fingerprint);
        }
        return { ok: true } satisfies AppendResult;
      }
      case 'appendDoc':
        return appendDoc(w.name, w.update);
      case 'appendDocs':
        return w.updates.map((update) => appendDoc(w.name, update));
      case 'audit': {
        const { entry } = w;
        stmt.insertAudit.run(
          entry.roomId,
          entry.at,
          entry.seat,
          entry.action,
          entry.seq ?? null,
          entry.code ?? null,
          entry.roomId,
        );
        return null;
      }
      case 'flush':
        return null;
    }
  };
}
