import { script } from './scripts.ts';

/**
 * The practice store's writes (K1–K10) as Lua scripts, all in the `dr:{practice}:` slot (keys.ts
 * `PRACTICE`); keys named by an id read inside a script are built from that prefix (ARGV[1]).
 */

/** KEYS: couples, the therapist's list, links. ARGV: coupleId, json. */
const createCouple = script(
  3,
  `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return redis.error_reply('COUPLE_EXISTS the couple exists already') end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1] .. ':A', 1, ARGV[1] .. ':B', 1)
return 1
`,
);

/** Compare and set: KEYS: couples. ARGV: coupleId, the JSON read, the new JSON. */
const updateCouple = script(
  1,
  `
local now = redis.call('HGET', KEYS[1], ARGV[1])
if not now then return 'gone' end
if now ~= ARGV[2] then return 'changed' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 'ok'
`,
);

/** K2. KEYS: links. ARGV: `<coupleId>:<partner>`. */
const bumpLink = script(
  1,
  `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return false end
return redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
`,
);

/** KEYS: owners, the couple's rooms, practiceRooms. ARGV: roomId, json, kind, createdAt. */
const addRoomOwner = script(
  3,
  `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return redis.error_reply('OWNER_EXISTS the room has an owner already') end
redis.call('RPUSH', KEYS[2], ARGV[1])
if ARGV[3] == 'practice' then redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1]) end
return 1
`,
);

/**
 * Forgets a room's owner; with ARGV[3] = 'all', its share choices and note too (erasure, E1).
 * KEYS: owners, practiceRooms, shares, notes. ARGV: prefix, roomId, what.
 */
const forgetRoom = script(
  4,
  `
local json = redis.call('HGET', KEYS[1], ARGV[2])
if json then
  redis.call('LREM', ARGV[1] .. 'roomsOf:' .. cjson.decode(json).coupleId, 0, ARGV[2])
  redis.call('HDEL', KEYS[1], ARGV[2])
end
redis.call('ZREM', KEYS[2], ARGV[2])
if ARGV[3] == 'all' then
  redis.call('HDEL', KEYS[3], ARGV[2] .. ':A', ARGV[2] .. ':B')
  redis.call('HDEL', KEYS[4], ARGV[2])
end
return 1
`,
);

/** KEYS: assignments, the couple's list. ARGV: assignmentId, json. */
const createAssignment = script(
  2,
  `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return redis.error_reply('ASSIGNMENT_EXISTS the assignment exists already') end
redis.call('RPUSH', KEYS[2], ARGV[1])
return 1
`,
);

/** Only through its couple. KEYS: assignments, the couple's list. ARGV: assignmentId, coupleId. */
const deleteAssignment = script(
  2,
  `
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json or cjson.decode(json).coupleId ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('LREM', KEYS[2], 0, ARGV[1])
return 1
`,
);

/** K5: fixed once both said yes. KEYS: shares. ARGV: roomId, partner, `<1|0>:<decidedAt>`. */
const setShare = script(
  1,
  `
local a = redis.call('HGET', KEYS[1], ARGV[1] .. ':A')
local b = redis.call('HGET', KEYS[1], ARGV[1] .. ':B')
if a and b and string.sub(a, 1, 1) == '1' and string.sub(b, 1, 1) == '1' then return {'fixed'} end
redis.call('HSET', KEYS[1], ARGV[1] .. ':' .. ARGV[2], ARGV[3])
return {'ok', redis.call('HGET', KEYS[1], ARGV[1] .. ':A') or '', redis.call('HGET', KEYS[1], ARGV[1] .. ':B') or ''}
`,
);

/**
 * K10 E2: the couple and everything of theirs here, and the erasure's record, in one step.
 * KEYS: couples, owners, practiceRooms, shares, notes, assignments, links. ARGV: prefix, coupleId, erasure JSON.
 */
const deleteCouple = script(
  7,
  `
local p, c = ARGV[1], ARGV[2]
for _, room in ipairs(redis.call('LRANGE', p .. 'roomsOf:' .. c, 0, -1)) do
  redis.call('HDEL', KEYS[2], room)
  redis.call('ZREM', KEYS[3], room)
  redis.call('HDEL', KEYS[4], room .. ':A', room .. ':B')
  redis.call('HDEL', KEYS[5], room)
end
redis.call('DEL', p .. 'roomsOf:' .. c)
for _, id in ipairs(redis.call('LRANGE', p .. 'assignmentsOf:' .. c, 0, -1)) do redis.call('HDEL', KEYS[6], id) end
redis.call('DEL', p .. 'assignmentsOf:' .. c)
redis.call('HDEL', KEYS[7], c .. ':A', c .. ':B')
local json = redis.call('HGET', KEYS[1], c)
if not json then return 0 end
redis.call('LREM', p .. 'couplesOf:' .. cjson.decode(json).therapistId, 0, c)
redis.call('HDEL', KEYS[1], c)
redis.call('RPUSH', p .. 'erasures:' .. c, ARGV[3])
return 1
`,
);

export const PRACTICE_SCRIPTS = {
  createCouple,
  updateCouple,
  bumpLink,
  addRoomOwner,
  forgetRoom,
  createAssignment,
  deleteAssignment,
  setShare,
  deleteCouple,
};
