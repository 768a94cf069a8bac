import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PartsStore } from '../../server/store/partsTypes.ts';
import type { StoreUnderTest } from './storeContract.ts';

/** What every `PartsStore` must do (L4), through the interface only: the Redis store runs it too. */
export function partsContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`PartsStore contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let parts: PartsStore;
    beforeEach(async () => {
      subject = await make();
      parts = subject.store.parts;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it("L4 a partner's edit of a part replaces their earlier edit of it, and is theirs and their couple's only", async () => {
      const couple = randomUUID();
      const other = randomUUID();
      expect(await parts.partEdits(couple)).toEqual({ A: [], B: [] });
      await parts.savePartEdit(couple, 'A', { key: 'the critic', kind: 'protector' }, 1);
      await parts.savePartEdit(couple, 'A', { key: 'the critic', fears: 'failing', feltWhere: null }, 2);
      await parts.savePartEdit(couple, 'B', { key: 'the critic', forgotten: true }, 3);
      await parts.savePartEdit(other, 'A', { key: 'a child', name: 'Little one' }, 4);
      expect(await parts.partEdits(couple)).toEqual({
        A: [{ key: 'the critic', fears: 'failing', feltWhere: null }],
        B: [{ key: 'the critic', forgotten: true }],
      });
      await parts.deletePartEdits(couple);
      expect(await parts.partEdits(couple)).toEqual({ A: [], B: [] });
      expect((await parts.partEdits(other)).A).toHaveLength(1);
    });
  });
}
