import type { Store } from '../store/types.ts';

/** What everyone with a link of a deleted room is told, on an open connection and at the next try (E1). */
export const SESSION_DELETED = 'This session was deleted.';

/**
 * Whether a room the store does not hold was deleted (it has an erasure), rather than never made:
 * a link of it then gets `session_ended` "This session was deleted.", not "This room does not exist."
 */
export async function wasDeleted(store: Store, roomId: string): Promise<boolean> {
  return (await store.erasuresOf(roomId)).some((erasure) => erasure.kind !== 'couple');
}
