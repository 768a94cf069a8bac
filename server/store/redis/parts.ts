import { PartEdit, type PartnerSeat } from '../../../shared/index.ts';
import type { PartsStore } from '../partsTypes.ts';
import type { RedisClient } from './connection.ts';
import { coupleKeys } from './keys.ts';

type Call = <T>(run: (client: RedisClient) => Promise<T>) => Promise<T>;

/** The Redis side of `PartsStore` (L4): a hash of edits by `<partner>:<part key>`, ordered by when saved. */
export class RedisParts implements PartsStore {
  constructor(
    private readonly call: Call,
    private readonly wrote: (writes: number) => void,
  ) {}

  async partEdits(coupleId: string): Promise<Record<PartnerSeat, PartEdit[]>> {
    const keys = coupleKeys(coupleId);
    const [fields, bodies] = await this.call(async (c) => {
      const order = await c.zRange(keys.partEditTimes, 0, -1);
      return [order, order.length ? await c.hmGet(keys.partEdits, order) : []] as const;
    });
    const out: Record<PartnerSeat, PartEdit[]> = { A: [], B: [] };
    fields.forEach((field, i) => {
      const partner = field.slice(0, field.indexOf(':'));
      const body = bodies[i];
      if (typeof body !== 'string' || (partner !== 'A' && partner !== 'B')) return;
      // Checked again when read, as the SQLite store does: a bad row is skipped, not served.
      const edit = PartEdit.safeParse(JSON.parse(body));
      if (edit.success) out[partner].push(edit.data);
    });
    return out;
  }

  async savePartEdit(coupleId: string, partner: PartnerSeat, edit: PartEdit, at: number): Promise<void> {
    const keys = coupleKeys(coupleId);
    await this.call((c) =>
      c.savePartEdit(
        [keys.partEdits, keys.partEditTimes],
        [`${partner}:${edit.key}`, JSON.stringify(edit), at],
      ),
    );
    this.wrote(1);
  }

  async deletePartEdits(coupleId: string): Promise<void> {
    const keys = coupleKeys(coupleId);
    await this.call((c) => c.del([keys.partEdits, keys.partEditTimes]));
    this.wrote(1);
  }
}
