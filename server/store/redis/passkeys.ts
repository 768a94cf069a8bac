import type {
  ChallengePurpose,
  PasskeyChallengeRecord,
  PasskeyRecord,
  PasskeyStore,
} from '../passkeyTypes.ts';
import type { Call } from './accounts.ts';
import { ACCOUNTS, accountKeys as k } from './keys.ts';

/** A passkey as kept, without what each use changes (counter, last use: `passkeyUse`). */
type StoredPasskey = Omit<PasskeyRecord, 'publicKey' | 'counter' | 'lastUsedAt'> & { publicKey: string };

/**
 * The Redis side of `PasskeyStore` (M12–M15). Challenges are kept in Redis, not in a process's
 * memory, so a challenge one server process handed out can be taken on another; taking deletes it.
 */
export class RedisPasskeys implements PasskeyStore {
  constructor(
    private readonly call: Call,
    private readonly wrote: (writes: number) => void,
  ) {}

  async add(p: PasskeyRecord): Promise<'created' | 'exists'> {
    const { publicKey, counter, lastUsedAt, ...rest } = p;
    const stored: StoredPasskey = { ...rest, publicKey: Buffer.from(publicKey).toString('base64') };
    const answer = await this.call((c) =>
      c.addPasskey(
        [k.credentials, k.passkeys, k.passkeyUse, k.passkeysOf(p.therapistId)],
        [p.passkeyId, p.credentialId, JSON.stringify(stored), use(counter, lastUsedAt)],
      ),
    );
    this.wrote(1);
    return answer === 'created' ? 'created' : 'exists';
  }

  async listOf(therapistId: string): Promise<PasskeyRecord[]> {
    const ids = await this.call((c) => c.lRange(k.passkeysOf(therapistId), 0, -1));
    const passkeys = await this.read(ids);
    // Oldest first; the order added breaks ties, as SQLite's rowid does (sort is stable).
    return passkeys.sort((x, y) => x.createdAt - y.createdAt);
  }

  async byCredentialId(credentialId: string): Promise<PasskeyRecord | null> {
    const passkeyId = await this.call((c) => c.hGet(k.credentials, credentialId));
    if (!passkeyId) return null;
    return (await this.read([passkeyId]))[0] ?? null;
  }

  async recordUse(passkeyId: string, counter: number, now: number): Promise<boolean> {
    const done = await this.call((c) => c.recordPasskeyUse([k.passkeyUse], [passkeyId, counter, now]));
    this.wrote(1);
    return Number(done) === 1;
  }

  async remove(therapistId: string, passkeyId: string): Promise<boolean> {
    const done = await this.call((c) =>
      c.removePasskey([k.passkeys, k.credentials, k.passkeyUse], [ACCOUNTS, therapistId, passkeyId]),
    );
    this.wrote(1);
    return Number(done) === 1;
  }

  async putChallenge(challenge: PasskeyChallengeRecord, now: number, maxOpen: number): Promise<boolean> {
    const done = await this.call((c) =>
      c.putChallenge(
        [k.challenges, k.challengeExpiry],
        [challenge.challenge, JSON.stringify(challenge), challenge.expiresAt, now, maxOpen],
      ),
    );
    this.wrote(1);
    return Number(done) === 1;
  }

  async takeChallenge(
    challenge: string,
    purpose: ChallengePurpose,
    now: number,
  ): Promise<PasskeyChallengeRecord | null> {
    const json = await this.call((c) => c.takeChallenge([k.challenges, k.challengeExpiry], [challenge]));
    this.wrote(1);
    if (typeof json !== 'string') return null;
    const taken = JSON.parse(json) as PasskeyChallengeRecord;
    return taken.purpose === purpose && taken.expiresAt > now ? taken : null;
  }

  private async read(ids: string[]): Promise<PasskeyRecord[]> {
    if (ids.length === 0) return [];
    const [bodies, uses] = await this.call((c) =>
      Promise.all([c.hmGet(k.passkeys, ids), c.hmGet(k.passkeyUse, ids)]),
    );
    const passkeys: PasskeyRecord[] = [];
    bodies.forEach((body, i) => {
      if (typeof body !== 'string') return;
      const stored = JSON.parse(body) as StoredPasskey;
      const [counter = '0', lastUsedAt = ''] = String(uses[i] ?? '0:').split(':');
      passkeys.push({
        ...stored,
        publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64')),
        counter: Number(counter),
        lastUsedAt: lastUsedAt === '' ? null : Number(lastUsedAt),
      });
    });
    return passkeys;
  }
}

function use(counter: number, lastUsedAt: number | null): string {
  return `${counter}:${lastUsedAt ?? ''}`;
}
