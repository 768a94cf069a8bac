import { type CommandParser, defineScript, type RedisArgument } from 'redis';

/**
 * The store's multi-key writes as Lua scripts (EVALSHA; node-redis falls back to EVAL when Redis
 * does not know the script yet, as after a restart). A script runs alone on Redis, so a check and
 * the writes after it are one atomic step. Redis does not undo a script's earlier writes when a
 * later command fails, so every script checks everything before its first write, and callers
 * validate the arguments (seqs in order) before calling.
 */

type Arg = RedisArgument | number;

export function script<const N extends number>(keys: N, source: string) {
  return defineScript({
    NUMBER_OF_KEYS: keys,
    SCRIPT: source,
    parseCommand(parser: CommandParser, keyNames: string[], args: Arg[]) {
      for (const key of keyNames) parser.pushKey(key);
      parser.push(...args.map((arg) => (typeof arg === 'number' ? String(arg) : arg)));
    },
    transformReply: (reply: unknown) => reply,
  });
}

/** KEYS: room, events, erasures. ARGV: mode, createdAt, seat count, (seat, version)…, event count, (seq, json)… */
const createRoom = script(
  3,
  `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('ROOM_EXISTS the room exists already') end
if redis.call('EXISTS', KEYS[3]) == 1 then return redis.error_reply('ROOM_ERASED the room id was erased') end
redis.call('HSET', KEYS[1], 'mode', ARGV[1], 'createdAt', ARGV[2], 'head', '0')
local i = 3
local seats = tonumber(ARGV[i]); i = i + 1
for _ = 1, seats do redis.call('HSET', KEYS[1], 'seat:' .. ARGV[i], ARGV[i + 1]); i = i + 2 end
local n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  redis.call('XADD', KEYS[2], ARGV[i] .. '-0', 'e', ARGV[i + 1])
  redis.call('HSET', KEYS[1], 'head', ARGV[i])
  i = i + 2
end
return 1
`,
);

/**
 * S2 and A4 in one step. KEYS: room, events, commands. ARGV: expectedSeq, command field ('' for
 * none), fingerprint, endedAt ('' when the events do not end the session), event count, (seq, json)…
 * Answers {'ok'}, {'conflict', head} or {'duplicate', '<seq>:<fingerprint>'}.
 */
const append = script(
  3,
  `
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('NO_ROOM no such room') end
if ARGV[2] ~= '' then
  local seen = redis.call('HGET', KEYS[3], ARGV[2])
  if seen then return {'duplicate', seen} end
end
local head = redis.call('HGET', KEYS[1], 'head')
if head ~= ARGV[1] then return {'conflict', head} end
local n = tonumber(ARGV[5])
local last = head
local i = 6
for _ = 1, n do
  redis.call('XADD', KEYS[2], ARGV[i] .. '-0', 'e', ARGV[i + 1])
  last = ARGV[i]
  i = i + 2
end
redis.call('HSET', KEYS[1], 'head', last)
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'endedAt', ARGV[4]) end
if ARGV[2] ~= '' and n > 0 then redis.call('HSET', KEYS[3], ARGV[2], last .. ':' .. ARGV[3]) end
return {'ok'}
`,
);

/** KEYS: room. ARGV: seat. */
const bumpSeat = script(
  1,
  `
if redis.call('HEXISTS', KEYS[1], 'seat:' .. ARGV[1]) == 0 then return redis.error_reply('NO_SEAT no such seat') end
return redis.call('HINCRBY', KEYS[1], 'seat:' .. ARGV[1], 1)
`,
);

/** An erased room's id stays erased (E1): its late audit lines are dropped. KEYS: audit, erasures. ARGV: json. */
const audit = script(
  2,
  `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[1])
return 1
`,
);

/**
 * KEYS: the document's stream, docs, docBytes, docIds, erasures. ARGV: name, count, update…
 * Answers the new ids. Refused for an erased room (E1).
 */
const appendDoc = script(
  5,
  `
if redis.call('EXISTS', KEYS[5]) == 1 then return redis.error_reply('ROOM_ERASED the room of this document was erased') end
local ids = {}
local bytes = 0
for i = 3, 2 + tonumber(ARGV[2]) do
  local id = redis.call('INCR', KEYS[4])
  redis.call('XADD', KEYS[1], id .. '-0', 'u', ARGV[i])
  bytes = bytes + string.len(ARGV[i])
  ids[#ids + 1] = id
end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[3], ARGV[1], bytes)
return ids
`,
);

/**
 * Compaction to a watermark (D8, as y-redis does): deletes the updates with an id up to throughId
 * and stores the merge under a new id; one stored after the merge was taken has a higher id and
 * stays. Entries are \`<id>-0\`, so MINID \`<throughId>-1\` drops exactly the ids ≤ throughId.
 * KEYS: as appendDoc. ARGV: name, throughId, merged.
 */
const replaceDoc = script(
  5,
  `
if redis.call('EXISTS', KEYS[5]) == 1 then return redis.error_reply('ROOM_ERASED the room of this document was erased') end
local freed = 0
for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '-', ARGV[2] .. '-0')) do
  freed = freed + string.len(entry[2][2])
end
redis.call('XTRIM', KEYS[1], 'MINID', ARGV[2] .. '-1')
local id = redis.call('INCR', KEYS[4])
redis.call('XADD', KEYS[1], id .. '-0', 'u', ARGV[3])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[3], ARGV[1], string.len(ARGV[3]) - freed)
return id
`,
);

/** D13. KEYS: the document's stream, docBytes, aside. ARGV: name, id, now. */
const setAside = script(
  3,
  `
local found = redis.call('XRANGE', KEYS[1], ARGV[2] .. '-0', ARGV[2] .. '-0')
if #found == 0 then return 0 end
local bytes = found[1][2][2]
local field = ARGV[1] .. '#' .. ARGV[2]
redis.call('HSET', KEYS[3], field, bytes, field .. '@', ARGV[3])
redis.call('XDEL', KEYS[1], ARGV[2] .. '-0')
redis.call('HINCRBY', KEYS[2], ARGV[1], -string.len(bytes))
if redis.call('XLEN', KEYS[1]) == 0 then redis.call('HDEL', KEYS[2], ARGV[1]) end
return 1
`,
);

/**
 * E1 and E2 at once. The documents' stream keys are built here from the room's own set of names:
 * they carry the room's hash tag (keys.ts), so they sit in this script's slot.
 * KEYS: room, events, commands, audit, docs, docBytes, docIds, aside, erasures.
 * ARGV: the documents' key prefix, the erasure's JSON. Answers 1 when there was a room.
 */
const eraseRoom = script(
  9,
  `
local existed = redis.call('EXISTS', KEYS[1])
for _, name in ipairs(redis.call('SMEMBERS', KEYS[5])) do redis.call('DEL', ARGV[1] .. name) end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8])
if existed == 1 then redis.call('RPUSH', KEYS[9], ARGV[2]) end
return existed
`,
);

/**
 * L4: a partner's edit of a part replaces their earlier one. KEYS: partEdits, partEditTimes.
 * ARGV: field, json, at.
 */
const savePartEdit = script(
  2,
  `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
`,
);

/**
 * S29: takes a lease or renews the holder's own. KEYS: the lease. ARGV: holder, ttl in ms. 1 when
 * `holder` has it now, 0 when another holder does.
 */
const lease = script(
  1,
  `
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if held then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`,
);

/** Gives a lease up, only if `holder` has it. KEYS: the lease. ARGV: holder. */
const releaseLease = script(
  1,
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
);

export const SCRIPTS = {
  lease,
  releaseLease,
  createRoom,
  append,
  bumpSeat,
  audit,
  appendDoc,
  replaceDoc,
  setAside,
  eraseRoom,
  savePartEdit,
};
