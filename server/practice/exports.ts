import { strToU8, zipSync } from 'fflate';
import { partsForTherapist, summarizeSession, viewEvent } from '../../shared/index.ts';
import type { CoupleRecord, PartnerLetter } from '../store/practiceTypes.ts';
import type { Store } from '../store/types.ts';
import { coupleParts } from './coupleParts.ts';
import { practiceItems, roomsWithFacts } from './coupleRooms.ts';
import { isoDay, therapistRecord } from './sessionRecord.ts';
import { assignmentView, coupleView } from './views.ts';

/**
 * "Export everything" (issue 10 §6, K11): one zip for the therapist of a couple, one for a partner of
 * their own data. Each file is what that reader may see in the app, nothing more: the therapist's
 * records with their private notes, a practice's summary only while both shared it; a partner's
 * practices as their own seat received them (`viewEvent`), so nothing of the other partner's that the
 * room did not show them.
 */

const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);

export interface Archive {
  fileName: string;
  bytes: Uint8Array;
}

const THERAPIST_README = `Dialogue Room — everything about one couple, as their therapist sees it.

couple.json       the partners' names and pronouns, your note, the next session
assignments.json  the practice assignments you gave them
parts.json        each partner's parts across sessions, as they keep them (from sessions and shared practices)
sessions/         each session's clinical record: <date>-<room>.md (Markdown) and .json (the JSON document,
                  format dialogue-room/clinical-record), with your private notes
practices/        each practice: whether it happened, how long, rounds, safety pauses, who shared it;
                  its summary and your note only when both partners shared it

Times are in {zone}. Keep this file as carefully as the rest of your clinical notes.
`;

const HOME_README = `Dialogue Room — your own data, from your couple's home.

me.json           your name and pronouns, and your couple's names
assignments.json  the practice assignments your therapist gave you
parts.json        your parts across sessions, as you keep them
practices/        each practice as you saw it: what happened, your share choices, your therapist's note

Nothing here is your partner's own (their private check-ins, the parts they named to themselves).
Times are in {zone}.
`;

/** The therapist's archive of a couple (K11). */
export async function coupleArchive(
  store: Store,
  couple: CoupleRecord,
  timeZone: string,
  now: number,
): Promise<Archive> {
  const files: Record<string, Uint8Array> = {
    'README.txt': strToU8(THERAPIST_README.replace('{zone}', timeZone)),
    'couple.json': json({ couple: coupleView(couple), exportedAt: now }),
    'assignments.json': json({
      assignments: (await store.practice.assignmentsOf(couple.coupleId)).map(assignmentView),
    }),
  };
  const parts = await coupleParts(store, couple.coupleId, 'therapist');
  files['parts.json'] = json({ A: partsForTherapist(parts.A), B: partsForTherapist(parts.B) });
  for (const { owner } of await roomsWithFacts(store, couple.coupleId, 'session')) {
    const record = await therapistRecord(store, owner.roomId, timeZone, now);
    if (!record) continue;
    const base = `sessions/${record.day}-${owner.roomId}`;
    files[`${base}.md`] = strToU8(record.markdown);
    files[`${base}.json`] = json(record.json);
  }
  for (const practice of await practiceItems(store, couple.coupleId, 'therapist'))
    files[`practices/${isoDay(practice.createdAt, timeZone)}-${practice.roomId}.json`] = json(practice);
  return { fileName: `couple-${isoDay(now, timeZone)}.zip`, bytes: zipSync(files) };
}

/** A partner's archive of their own data (K11). */
export async function homeArchive(
  store: Store,
  couple: CoupleRecord,
  me: PartnerLetter,
  timeZone: string,
  now: number,
): Promise<Archive> {
  const files: Record<string, Uint8Array> = {
    'README.txt': strToU8(HOME_README.replace('{zone}', timeZone)),
    'me.json': json({
      me,
      name: couple.partners[me].name,
      pronouns: couple.partners[me].pronouns,
      couple: { partners: couple.partners },
      exportedAt: now,
    }),
    'assignments.json': json({
      assignments: (await store.practice.assignmentsOf(couple.coupleId)).map(assignmentView),
    }),
  };
  files['parts.json'] = json({ parts: (await coupleParts(store, couple.coupleId, 'partner'))[me] });
  for (const practice of await practiceItems(store, couple.coupleId, me)) {
    const events = await store.read(practice.roomId, 1);
    const first = events[0];
    if (first?.type !== 'roomCreated') continue;
    // The whole summary as my seat received the room's events: nothing the room did not show me.
    const summary = summarizeSession(events.map((event) => viewEvent(event, first.mode, me)));
    files[`practices/${isoDay(practice.createdAt, timeZone)}-${practice.roomId}.json`] = json({
      ...practice,
      summary,
    });
  }
  return { fileName: `dialogue-room-${isoDay(now, timeZone)}.zip`, bytes: zipSync(files) };
}
