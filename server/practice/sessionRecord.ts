import {
  type ClinicalRecordJson,
  clinicalRecordJson,
  clinicalRecordMarkdown,
  type SessionSummary,
  summarizeSession,
  viewEvent,
} from '../../shared/index.ts';
import type { Store } from '../store/types.ts';
import { therapistNotesText } from './therapistNotesText.ts';

/** A day as `YYYY-MM-DD` on the clock of `timeZone`: the date in a record's file name. */
export function isoDay(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  }).format(at);
}

export interface SessionRecord {
  summary: SessionSummary;
  json: ClinicalRecordJson;
  markdown: string;
  /** The session's first day on the record's clock, `YYYY-MM-DD`. */
  day: string;
}

/**
 * The therapist's own copy of a session's clinical record (R1–R5): the summary of the events as the
 * therapist's seat received them (R2), with their private notes (R5), as JSON and Markdown. Null for
 * a room with no events (erased, or never made).
 */
export async function therapistRecord(
  store: Store,
  roomId: string,
  timeZone: string,
  generatedAt: number,
): Promise<SessionRecord | null> {
  const events = await store.read(roomId, 1);
  const first = events[0];
  if (first?.type !== 'roomCreated') return null;
  const summary = summarizeSession(events.map((event) => viewEvent(event, first.mode, 'therapist')));
  const options = { timeZone, generatedAt, therapistNotes: await therapistNotesText(store, roomId) };
  return {
    summary,
    json: clinicalRecordJson(summary, options),
    markdown: clinicalRecordMarkdown(summary, options),
    day: isoDay(summary.startedAt, timeZone),
  };
}
