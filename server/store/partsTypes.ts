import type { PartEdit, PartnerSeat } from '../../shared/index.ts';

/**
 * Each partner's own corrections to their parts across sessions (L4). The parts themselves are
 * folded from the couple's rooms' events (`shared/practice/partsLedger.ts`); only what the partner
 * changed is stored. Contract suite: `tests/store/partsContract.ts`.
 */
export interface PartsStore {
  /** Every edit of the couple's partners, by partner. */
  partEdits(coupleId: string): Promise<Record<PartnerSeat, PartEdit[]>>;
  /** Stores the partner's edit of one part (by its key), replacing their earlier edit of it. */
  savePartEdit(coupleId: string, partner: PartnerSeat, edit: PartEdit, at: number): Promise<void>;
  /** Erasure of a couple (E-rules): every edit of theirs. */
  deletePartEdits(coupleId: string): Promise<void>;
}
