import { roomOfDoc } from '../sqlite/erasures.ts';

/**
 * Where the Redis store keeps things. Every key of a room carries the room's hash tag `{room:<id>}`,
 * so one room's keys sit in one cluster slot and one Lua script may touch them together. A
 * document is keyed under the room its name starts with (`<roomId>/…`, shared/docs/names.ts).
 */
export function roomKeys(roomId: string) {
  const tag = `dr:{room:${roomId}}`;
  return {
    /** Hash: mode, createdAt, head (the last seq), endedAt, `seat:<seat>` → version. */
    room: `${tag}:room`,
    /** Stream: one entry per event, id `<seq>-0`, field `e` = the event's JSON. */
    events: `${tag}:events`,
    /** Hash: `<seat>:<commandId>` → `<seq>:<fingerprint>`. */
    commands: `${tag}:commands`,
    /** List of audit entries' JSON, in the order written. */
    audit: `${tag}:audit`,
    /** List of erasure records' JSON; its existence also marks the id as erased (E1). */
    erasures: `${tag}:erasures`,
    /** Set of the room's document names that have keys. */
    docs: `${tag}:docs`,
    /** Hash: document name → bytes stored (the room cap, D12). */
    docBytes: `${tag}:docbytes`,
    /** Counter handing out the room's document update ids. */
    docIds: `${tag}:docids`,
    /** Hash: `<doc>#<id>` → bytes set aside (D13), `<doc>#<id>@` → when. */
    aside: `${tag}:aside`,
    /** The prefix of a document's stream key; the name follows. */
    docPrefix: `${tag}:doc:`,
  };
}

export function docKey(name: string): string {
  return `${roomKeys(roomOfDoc(name)).docPrefix}${name}`;
}

/** A lease on something of a document's room (S29): its holder's id, with a time to live. */
export function leaseKey(name: string): string {
  return `dr:{room:${roomOfDoc(name)}}:lease:${name}`;
}

export function coupleKeys(coupleId: string) {
  const tag = `dr:{couple:${coupleId}}`;
  return {
    /** Hash: `<partner>:<part key>` → the edit's JSON. */
    partEdits: `${tag}:parts`,
    /** Sorted set: `<partner>:<part key>` by when it was last saved (SQLite reads them in that order). */
    partEditTimes: `${tag}:parts:at`,
  };
}

/**
 * Sorted set of ended rooms by when they ended: a hint for retention (E3), written before the
 * append and checked against the room itself when read, since it lives in another slot.
 */
export const ENDED_ROOMS = 'dr:retention:ended';

/** The key the readiness probe writes (S13). */
export const HEALTH = 'dr:health';
/** The seat-token secret every instance shares when TOKEN_SECRET is not set (`RedisStore.sharedTokenSecret`). */
export const TOKEN_SECRET_KEY = 'dr:token-secret';

/**
 * Every account key sits under one hash tag (accountScripts.ts says why); the scripts build keys
 * from this prefix too.
 */
export const ACCOUNTS = 'dr:{accounts}:';

export const accountKeys = {
  /** Hash: email → therapistId (M1: one account per email). */
  emails: `${ACCOUNTS}emails`,
  /** Hash: invite hash → its JSON; sorted set: invite hash by expiry. */
  invites: `${ACCOUNTS}invites`,
  inviteExpiry: `${ACCOUNTS}invites:expiry`,
  /** Hash: credential id → passkeyId (M12: unique). */
  credentials: `${ACCOUNTS}credentials`,
  /** Hash: passkeyId → the passkey's JSON, without its counter and last use… */
  passkeys: `${ACCOUNTS}passkeys`,
  /** …which are here, `<counter>:<lastUsedAt>`, for the script that checks them (M14). */
  passkeyUse: `${ACCOUNTS}passkeys:use`,
  challenges: `${ACCOUNTS}challenges`,
  challengeExpiry: `${ACCOUNTS}challenges:expiry`,
  /** Hash: the therapist's fields, and totpPending and totpLastStep (M8). */
  therapist: (therapistId: string) => `${ACCOUNTS}therapist:${therapistId}`,
  session: (idHash: string) => `${ACCOUNTS}session:${idHash}`,
  sessionsOf: (therapistId: string) => `${ACCOUNTS}sessionsOf:${therapistId}`,
  /** Hash: recovery code hash → '' while unused, else when it was used. */
  recovery: (therapistId: string) => `${ACCOUNTS}recovery:${therapistId}`,
  /** List of the therapist's passkey ids, in the order added. */
  passkeysOf: (therapistId: string) => `${ACCOUNTS}passkeysOf:${therapistId}`,
};

/**
 * Every key of the practice around the rooms (couples, links, owners, assignments, shares, notes)
 * sits under one hash tag, as the accounts' do: deleting a couple touches all of them in one script.
 */
export const PRACTICE = 'dr:{practice}:';

export const practiceKeys = {
  /** Hash: coupleId → the couple's JSON. */
  couples: `${PRACTICE}couples`,
  /** List of a therapist's couple ids, in the order made. */
  couplesOf: (therapistId: string) => `${PRACTICE}couplesOf:${therapistId}`,
  /** Hash: `<coupleId>:<partner>` → the home link's version (K2). */
  links: `${PRACTICE}links`,
  /** Hash: roomId → its owner's JSON. */
  owners: `${PRACTICE}owners`,
  /** List of a couple's room ids, in the order owned. */
  roomsOf: (coupleId: string) => `${PRACTICE}roomsOf:${coupleId}`,
  /** Sorted set: practice rooms by when they were made (retention, E3). */
  practiceRooms: `${PRACTICE}practiceRooms`,
  /** Hash: assignmentId → JSON; list of a couple's assignment ids. */
  assignments: `${PRACTICE}assignments`,
  assignmentsOf: (coupleId: string) => `${PRACTICE}assignmentsOf:${coupleId}`,
  /** Hash: `<roomId>:<partner>` → `<1|0>:<decidedAt>` (K5). */
  shares: `${PRACTICE}shares`,
  /** Hash: roomId → the therapist's note's JSON (K6). */
  notes: `${PRACTICE}notes`,
  /** List of a couple's erasure records (E2). */
  erasures: (coupleId: string) => `${PRACTICE}erasures:${coupleId}`,
};
