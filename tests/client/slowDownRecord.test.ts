import { describe, expect, it } from 'vitest';
import { recordMarkdown } from '../../client/src/components/recordMarkdown.ts';
import { describeEntry } from '../../client/src/components/recordText.ts';
import { buildRecord } from '../../shared/index.ts';
import { roomAtFirstRound } from '../support/engineRoom.ts';

describe("slowing down in a partner's record", () => {
  it('I19 D2 a breathing pause, its end and a break each read as a line, on the screen and in the export', () => {
    const room = roomAtFirstRound('practice');
    room.ok('A', { type: 'breathe' });
    const pause = room.state.pause;
    room.now += 60_000;
    room.ok('system', { type: 'endBreathing', startedAt: pause?.at ?? 0 });
    room.ok('B', { type: 'takeBreak', minutes: 30 });
    const record = buildRecord(room.events) as unknown as Record<string, unknown>[];
    const screen = record.map((entry) => describeEntry(entry, 'B')).filter(Boolean);
    expect(screen).toEqual(
      expect.arrayContaining([
        'Partner A asked for a breathing pause.',
        'The breathing pause ended; back to where the room was.',
        'You asked for a break of 30 minutes.',
      ]),
    );
    const markdown = recordMarkdown({
      entries: record,
      notes: { learned: '', summary: '' },
      exportedAt: new Date(0),
      timeZone: 'UTC',
    });
    expect(markdown).toContain('Partner A asked for a breathing pause.');
    expect(markdown).toContain('asked for a break of 30 minutes.');
  });
});
