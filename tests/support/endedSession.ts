import { expect } from 'vitest';
import { openDoc, openSeat } from './clients.ts';
import { type AddedCouple, addCouple, asTherapistFetch } from './couples.ts';
import { eventually } from './eventually.ts';
import { type SignedInTherapist, signUpTherapist } from './therapist.ts';

/**
 * A couple's session (Sam, she/her, and Alex) that a real console ended, after the therapist wrote
 * `notes` in their private notes — seen stored through the record route before the end (R5).
 */
export async function endedSessionWithNotes(
  url: string,
  notes: string,
): Promise<{
  therapist: SignedInTherapist;
  as: ReturnType<typeof asTherapistFetch>;
  couple: AddedCouple;
  roomId: string;
}> {
  const therapist = await signUpTherapist(url);
  const as = asTherapistFetch(url, therapist);
  const couple = await addCouple(url, therapist, {
    A: { name: 'Sam', pronouns: 'she/her' },
    B: { name: 'Alex' },
  });
  const session = await (await as(`/api/couples/${couple.id}/sessions`, 'POST', {})).json();
  const console = openSeat(url, session.seats.therapist.token);
  await console.connected();
  const doc = openDoc(url, `${session.roomId}/therapist-notes`, session.seats.therapist.token);
  await doc.synced();
  doc.text().insert(0, notes);
  // A deadline, not a speed: under a full e2e run on two cores the stored note can take seconds.
  await eventually(
    async () =>
      expect(
        (await (await as(`/api/sessions/${session.roomId}/record?format=json`)).json()).therapistNotes,
      ).toBe(notes),
    30_000,
  );
  await console.ok({ type: 'requestEnd' });
  await console.ok({ type: 'confirmEnd' });
  return { therapist, as, couple, roomId: session.roomId };
}
