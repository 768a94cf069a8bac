import { script } from './scripts.ts';

/**
 * The account store's writes (M1–M15) as Lua scripts. Every account key is under one hash tag,
 * `dr:{accounts}:` (keys.ts `ACCOUNTS`): accounts are few and small, and one slot lets a unique email
 * or credential id and the rows it guards be checked and written in one step, as SQLite's
 * transactions do. Keys are built here from that prefix (ARGV[1]); all are in the script's slot.
 */

/** KEYS: emails. ARGV: prefix, id, email, name, passwordHash, totpSecret ('' for none), createdAt. */
const createTherapist = script(
  1,
  `
if redis.call('HSETNX', KEYS[1], ARGV[3], ARGV[2]) == 0 then return 'email_taken' end
local t = ARGV[1] .. 'therapist:' .. ARGV[2]
redis.call('HSET', t, 'therapistId', ARGV[2], 'email', ARGV[3], 'name', ARGV[4], 'passwordHash', ARGV[5], 'createdAt', ARGV[7])
if ARGV[6] ~= '' then redis.call('HSET', t, 'totpSecret', ARGV[6]) end
return 'created'
`,
);

/**
 * M10: the invite is used up only when the account is made. KEYS: emails, invites, inviteExpiry.
 * ARGV: as createTherapist, then the invite's hash and now.
 */
const createTherapistWithInvite = script(
  3,
  `
local expires = redis.call('ZSCORE', KEYS[3], ARGV[8])
if not expires or tonumber(expires) <= tonumber(ARGV[9]) then return 'bad_invite' end
if redis.call('HEXISTS', KEYS[1], ARGV[3]) == 1 then return 'email_taken' end
redis.call('HDEL', KEYS[2], ARGV[8])
redis.call('ZREM', KEYS[3], ARGV[8])
redis.call('HSET', KEYS[1], ARGV[3], ARGV[2])
local t = ARGV[1] .. 'therapist:' .. ARGV[2]
redis.call('HSET', t, 'therapistId', ARGV[2], 'email', ARGV[3], 'name', ARGV[4], 'passwordHash', ARGV[5], 'createdAt', ARGV[7])
if ARGV[6] ~= '' then redis.call('HSET', t, 'totpSecret', ARGV[6]) end
return 'created'
`,
);

/** Expired invites go when a new one is made. KEYS: invites, inviteExpiry. ARGV: hash, json, createdAt, expiresAt. */
const createInvite = script(
  2,
  `
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
for _, id in ipairs(expired) do redis.call('HDEL', KEYS[1], id) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
return 1
`,
);

/** KEYS: the session, the therapist's set of sessions. ARGV: idHash, therapistId, createdAt, expiresAt. */
const createSession = script(
  2,
  `
redis.call('HSET', KEYS[1], 'therapistId', ARGV[2], 'createdAt', ARGV[3], 'expiresAt', ARGV[4])
redis.call('SADD', KEYS[2], ARGV[1])
return 1
`,
);

/** KEYS: the session. ARGV: prefix, idHash. */
const deleteSession = script(
  1,
  `
local therapist = redis.call('HGET', KEYS[1], 'therapistId')
if not therapist then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', ARGV[1] .. 'sessionsOf:' .. therapist, ARGV[2])
return 1
`,
);

/** M4. KEYS: the therapist's set of sessions. ARGV: prefix. Answers how many ended. */
const deleteSessionsOf = script(
  1,
  `
local ids = redis.call('SMEMBERS', KEYS[1])
local ended = 0
for _, id in ipairs(ids) do ended = ended + redis.call('DEL', ARGV[1] .. 'session:' .. id) end
redis.call('DEL', KEYS[1])
return ended
`,
);

/** KEYS: the therapist. ARGV: secret. Nothing for an unknown therapist. */
const setPendingTotp = script(
  1,
  `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'totpPending', ARGV[1])
return 1
`,
);

/** M8. KEYS: the therapist, their recovery codes. ARGV: secret, step, code hash… */
const confirmTotp = script(
  2,
  `
if redis.call('HGET', KEYS[1], 'totpPending') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'totpSecret', ARGV[1], 'totpLastStep', ARGV[2])
redis.call('HDEL', KEYS[1], 'totpPending')
redis.call('DEL', KEYS[2])
for i = 3, #ARGV do redis.call('HSET', KEYS[2], ARGV[i], '') end
return 1
`,
);

/** KEYS: the therapist, their recovery codes. */
const clearTotp = script(
  2,
  `
redis.call('HDEL', KEYS[1], 'totpSecret', 'totpPending', 'totpLastStep')
redis.call('DEL', KEYS[2])
return 1
`,
);

/** M8: a step is used once, and never one before the last. KEYS: the therapist. ARGV: step. */
const spendTotpStep = script(
  1,
  `
if redis.call('HEXISTS', KEYS[1], 'totpSecret') == 0 then return 0 end
local last = redis.call('HGET', KEYS[1], 'totpLastStep')
if last and tonumber(last) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'totpLastStep', ARGV[1])
return 1
`,
);

/** KEYS: the therapist's recovery codes. ARGV: code hash, now. An unused code's value is ''. */
const spendRecoveryCode = script(
  1,
  `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= '' then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`,
);

/**
 * M12: one passkey per credential id, whoever holds it. KEYS: credentials, passkeys, passkeyUse,
 * the therapist's list. ARGV: passkeyId, credentialId, json, '<counter>:<lastUsedAt>'.
 */
const addPasskey = script(
  4,
  `
if redis.call('HSETNX', KEYS[1], ARGV[2], ARGV[1]) == 0 then return 'exists' end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[4])
redis.call('RPUSH', KEYS[4], ARGV[1])
return 'created'
`,
);

/**
 * M14: zero after zero is an authenticator that keeps no counter; anything else must go up.
 * KEYS: passkeyUse. ARGV: passkeyId, counter, now.
 */
const recordPasskeyUse = script(
  1,
  `
local use = redis.call('HGET', KEYS[1], ARGV[1])
if not use then return 0 end
local old = tonumber(string.match(use, '^(%d+):'))
local new = tonumber(ARGV[2])
if not ((new == 0 and old == 0) or new > old) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. ARGV[3])
return 1
`,
);

/** KEYS: passkeys, credentials, passkeyUse. ARGV: prefix, therapistId, passkeyId. */
const removePasskey = script(
  3,
  `
local json = redis.call('HGET', KEYS[1], ARGV[3])
if not json then return 0 end
local passkey = cjson.decode(json)
if passkey.therapistId ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[3])
redis.call('HDEL', KEYS[2], passkey.credentialId)
redis.call('HDEL', KEYS[3], ARGV[3])
redis.call('LREM', ARGV[1] .. 'passkeysOf:' .. ARGV[2], 0, ARGV[3])
return 1
`,
);

/** M13. KEYS: challenges, challengeExpiry. ARGV: challenge, json, expiresAt, now, maxOpen. */
const putChallenge = script(
  2,
  `
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[4])) do redis.call('HDEL', KEYS[1], id) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[4])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
`,
);

/** Taken once, whatever the answer. KEYS: challenges, challengeExpiry. ARGV: challenge. */
const takeChallenge = script(
  2,
  `
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return json
`,
);

export const ACCOUNT_SCRIPTS = {
  createTherapist,
  createTherapistWithInvite,
  createInvite,
  createSession,
  deleteSession,
  deleteSessionsOf,
  setPendingTotp,
  confirmTotp,
  clearTotp,
  spendTotpStep,
  spendRecoveryCode,
  addPasskey,
  recordPasskeyUse,
  removePasskey,
  putChallenge,
  takeChallenge,
};
