import { describe, expect, it } from 'vitest';
import { recordMarkdown } from '../../client/src/components/recordMarkdown.ts';
import { describeEntry } from '../../client/src/components/recordText.ts';
import { buildRecord } from '../../shared/index.ts';
import { roomAtStep } from '../support/engineRoom.ts';
import { BLOCK_START, HOSTILE, quoted, unescaped, unescapeMarkdown } from '../support/markdownChecks.ts';

/**
 * D2 / S6 for the export: the record file a therapist keeps is the app's structure with people's
 * words inside it, never structure made of their words (the checks: `support/markdownChecks.ts`).
 */

const APP_HEADINGS = [
  '# Dialogue Room — record of the session',
  '## Shared notes',
  '### What we learned',
  '### Closing summary',
];

/** 1 December 2026, 09:30 UTC plus `minutes`: entry times, a minute per seq. */
const at = (minutes: number) => Date.UTC(2026, 11, 1, 9, 30 + minutes);

/** Every place a person's words reach the record: labels, pieces, notes. */
function everySlot(text: string) {
  return [
    {
      type: 'checkedIn',
      seq: 5,
      at: at(5),
      actor: 'A',
      seat: 'A',
      visibility: 'room',
      checkIn: { parts: [text, text] },
    },
    { type: 'floorRequested', seq: 6, at: at(6), actor: 'A', seat: 'A', topic: text },
    { type: 'floorDeclined', seq: 7, at: at(7), actor: 'B', seat: 'B', when: text },
    {
      type: 'spoke',
      seq: 8,
      at: at(8),
      actor: 'A',
      seat: 'A',
      part: { name: text, kind: 'protector' },
      text,
    },
    { type: 'reflected', seq: 9, at: at(9), actor: 'B', seat: 'B', text },
    { type: 'corrected', seq: 10, at: at(10), actor: 'A', seat: 'A', text },
    { type: 'summarized', seq: 11, at: at(11), actor: 'B', seat: 'B', text },
    { type: 'validated', seq: 12, at: at(12), actor: 'B', seat: 'B', text, ownParts: text },
    { type: 'empathized', seq: 13, at: at(13), actor: 'B', seat: 'B', text },
    { type: 'landed', seq: 14, at: at(14), actor: 'A', seat: 'A', text, request: text },
    { type: 'directSaid', seq: 15, at: at(15), actor: 'therapist', seat: 'therapist', text },
    {
      type: 'closingReflection',
      seq: 16,
      at: at(16),
      actor: 'A',
      seat: 'A',
      nextTime: text,
      repair: { whatSetMeUp: text, myPart: text, apology: text },
    },
  ];
}

function exportOf(text: string, privateNotes?: string) {
  return recordMarkdown({
    entries: everySlot(text),
    notes: { learned: text, summary: text },
    privateNotes,
    exportedAt: new Date(0),
    // A zone whose name has a Markdown character in it: the app's own words are escaped too.
    timeZone: 'America/Argentina/Buenos_Aires',
  });
}

describe('D2 the Markdown export keeps its structure whatever people wrote', () => {
  it.each(HOSTILE.map((text) => [JSON.stringify(text).slice(0, 60), text]))('D2 %s', (_name, text) => {
    for (const [copy, markdown] of [
      ['partner', exportOf(text)],
      ['therapist', exportOf(text, text)],
    ] as const) {
      const lines = markdown.split('\n');
      const headings = lines.filter((line) => /^ {0,3}#{1,6}(?:[ \t]|$)/.test(line));
      expect(headings, copy).toEqual(
        copy === 'therapist' ? [...APP_HEADINGS, "## Therapist's private notes"] : APP_HEADINGS,
      );
      // No HTML of theirs: not one raw `<` in the file (the app writes none).
      expect(markdown).not.toContain('<');
      // No link, image, reference definition, footnote, code span, emphasis or table cell of theirs.
      for (const char of ['[', ']', '`', '*', '_', '|', '~', '$', '@', '=', '+', '^', '{', '}']) {
        expect(unescaped(markdown, char), `${copy}: unescaped ${char}`).toBe(0);
      }
      expect(markdown).not.toMatch(/(?<!\\)\]\(|(?<!\\)(?:https?|ftp):\/\/|(?<![\\a-z])www\./i);
      // Nothing that reorders or hides the file's text when it is read in an editor or a terminal.
      expect(markdown).not.toMatch(/[\u202A-\u202E\u2066-\u2069]|[^\P{Cc}\n\t]/u);
      for (const line of lines) {
        const content = quoted(line);
        if (content !== null) {
          // Inside a quotation nothing can begin a block of its own: no heading, list, fence, table…
          expect(content, `${copy}: ${JSON.stringify(line)}`).not.toMatch(BLOCK_START);
        } else {
          // Every other line is the app's: a heading, the date, a list item or a note placeholder.
          expect(line, copy).toMatch(
            /^(?:$|#{1,3} [A-Z]|Session of |Exported |—$|- \d{2}:\d{2} (?:Partner [AB]|Therapist)\b| {2}(?:— and for a part of me:|Request:|(?:Partner [AB] offered a repair\. )?(?:What set me up|My part in what happened|An apology):)$)/,
          );
          // Setext underlines and thematic breaks would turn the line before into a heading or a rule.
          expect(line, copy).not.toMatch(/^ {0,3}(?:=+|-+|(?:[-*_] *){3,})\s*$/);
        }
      }
    }
  });

  it('D2 what people wrote survives: each line of a piece, unescaped, is exactly what they typed', () => {
    for (const text of HOSTILE.filter((t) => !/[\u202A-\u202E\u2066-\u2069]|[^\P{Cc}\n\t]/u.test(t))) {
      const markdown = recordMarkdown({
        entries: [{ type: 'spoke', seq: 8, actor: 'A', seat: 'A', part: null, text }],
        notes: { learned: '', summary: '' },
        exportedAt: new Date(0),
      });
      const said = markdown
        .split('\n')
        .map((line) => quoted(line))
        .filter((content): content is string => content !== null)
        .map(unescapeMarkdown);
      const typed = text
        .trim()
        .split(/\r\n|[\n\r\u2028\u2029]/)
        .map((line) => line.trimEnd());
      expect(said, JSON.stringify(text)).toEqual(typed);
    }
  });

  it('D2 the file reads as a dated record: the exact layout of a short session', () => {
    const markdown = recordMarkdown({
      entries: [
        { type: 'roomCreated', seq: 1, at: at(0), actor: 'system' },
        { type: 'contractAgreed', seq: 2, at: at(1), actor: 'A', seat: 'A' },
        { type: 'floorRequested', seq: 3, at: at(2), actor: 'A', seat: 'A', topic: 'the *holidays*' },
        {
          type: 'spoke',
          seq: 4,
          at: at(3),
          actor: 'A',
          seat: 'A',
          part: { name: 'the planner', kind: 'protector' },
          text: 'A part of me gets tense.\nEspecially late.',
        },
        {
          type: 'validated',
          seq: 5,
          at: at(4),
          actor: 'B',
          seat: 'B',
          text: 'That makes sense.',
          ownParts: 'Mine too.',
        },
      ],
      notes: { learned: 'We slow down.', summary: '' },
      privateNotes: 'Watch the <withdrawing> part.',
      exportedAt: new Date(at(60)),
      // 09:31 UTC is 15:01 in India (UTC+5:30).
      timeZone: 'Asia/Kolkata',
    });
    expect(markdown.split('\n')).toEqual([
      '# Dialogue Room — record of the session',
      '',
      'Session of Tuesday, 1 December 2026, 15:01–15:04 (times in Asia/Kolkata).',
      '',
      'Exported Tuesday, 1 December 2026, 16:00.',
      '',
      '- 15:01 Partner A agreed to the ground rules.',
      '',
      '- 15:02 Partner A asked for the floor: “the \\*holidays\\*”.',
      '',
      '- 15:03 Partner A, for the planner:',
      '',
      '  > A part of me gets tense.',
      '  > Especially late.',
      '',
      '- 15:04 Partner B:',
      '',
      '  > That makes sense.',
      '',
      '  — and for a part of me:',
      '',
      '  > Mine too.',
      '',
      '## Shared notes',
      '',
      '### What we learned',
      '',
      '> We slow down.',
      '',
      '### Closing summary',
      '',
      '—',
      '',
      "## Therapist's private notes",
      '',
      '> Watch the &lt;withdrawing&gt; part.',
      '',
    ]);
  });

  it('D2 the screen shows the same sentences as before, people’s words in quotation marks', () => {
    expect(
      describeEntry({
        type: 'spoke',
        actor: 'A',
        part: { name: 'the planner' },
        text: '<b>tense</b>\n## late',
      }),
    ).toBe('Partner A, for the planner: “<b>tense</b>\n## late”');
    expect(
      describeEntry({ type: 'validated', actor: 'B', text: 'It makes sense.', ownParts: 'Mine too.' }, 'B'),
    ).toBe('You: “It makes sense.” — and for a part of me: “Mine too.”');
    expect(describeEntry({ type: 'checkedIn', actor: 'A', checkIn: { parts: ['a', 'b'] } })).toBe(
      'Partner A checked in: a, b.',
    );
  });

  it('D2 T18 the repair is in the record, the print view and the export: what set me up, my part, the apology, and the answer', () => {
    const closing = {
      type: 'closingReflection',
      seq: 20,
      at: at(5),
      actor: 'A',
      seat: 'A',
      nextTime: 'Ask for a pause sooner.',
      repair: { whatSetMeUp: 'I was tired.', myPart: 'I raised my voice.', apology: 'I am sorry.' },
    };
    const answer = { type: 'repairAnswered', seq: 21, at: at(6), actor: 'B', seat: 'B', accepted: true };
    expect(describeEntry(closing, 'B')).toBe(
      'Partner A — next time: “Ask for a pause sooner.” Partner A offered a repair. What set me up: “I was tired.” My part in what happened: “I raised my voice.” An apology: “I am sorry.”',
    );
    const markdown = recordMarkdown({
      entries: [closing, answer],
      notes: { learned: '', summary: '' },
      exportedAt: new Date(at(60)),
      timeZone: 'UTC',
    });
    for (const words of ['I was tired.', 'I raised my voice.', 'I am sorry.', 'Ask for a pause sooner.']) {
      expect(markdown).toContain(`> ${words}`);
    }
    expect(markdown).toContain('Partner B accepted the repair.');
    // Only what was offered: a repair with an apology alone names nothing else.
    expect(describeEntry({ ...closing, repair: { apology: 'Sorry.' } })).toBe(
      'Partner A — next time: “Ask for a pause sooner.” Partner A offered a repair. An apology: “Sorry.”',
    );
    expect(describeEntry({ ...closing, repair: undefined })).toBe(
      'Partner A — next time: “Ask for a pause sooner.”',
    );
  });

  it('D2 every record entry carries the time of its event, as the engine decided it', () => {
    const room = roomAtStep('therapy', 'reflect');
    const entries = buildRecord(room.events);
    expect(entries.length).toBeGreaterThan(5);
    const eventTimes = new Map(room.events.map((event) => [event.seq, event.at]));
    for (const entry of entries) expect(entry.at, entry.type).toBe(eventTimes.get(entry.seq));
    // The decisions' own times (a second apart per command here), in log order: not one clock reading.
    const times = entries.map((entry) => entry.at);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(times.at(-1)).toBeGreaterThan(times[0] as number);
  });

  it('D2 the export is dated from the entries: the session’s day and span, each entry’s time, in the zone it names', () => {
    const room = roomAtStep('practice', 'reflect');
    const entries = buildRecord(room.events) as unknown as Record<string, unknown>[];
    const first = entries[0]?.at as number;
    const last = entries.at(-1)?.at as number;
    for (const timeZone of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
      const markdown = recordMarkdown({
        entries,
        notes: { learned: '', summary: '' },
        exportedAt: new Date(last + 3_600_000),
        timeZone,
      });
      const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone }).format(first);
      const time = (ms: number) =>
        new Intl.DateTimeFormat('en-GB', {
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
          timeZone,
        }).format(ms);
      const lines = markdown.split('\n');
      const span = time(first) === time(last) ? time(first) : `${time(first)}–${time(last)}`;
      expect(lines[2], timeZone).toBe(
        `Session of ${day.replace(/^(\w+) /, '$1, ')}, ${span} (times in ${timeZone.replace(/_/g, '\\_')}).`,
      );
      const items = lines.filter((line) => line.startsWith('- '));
      expect(items.length, timeZone).toBe(entries.filter((entry) => describeEntry(entry) !== '').length);
      for (const [i, item] of items.entries()) {
        const entry = entries.filter((e) => describeEntry(e) !== '')[i] as Record<string, unknown>;
        expect(item, timeZone).toMatch(new RegExp(`^- ${time(entry.at as number)} `));
      }
    }
  });

  it('D2 a session within one minute names that minute once', () => {
    const markdown = recordMarkdown({
      entries: [
        { type: 'contractAgreed', seq: 2, at: Date.UTC(2026, 11, 1, 9, 31, 5), actor: 'A', seat: 'A' },
        { type: 'contractAgreed', seq: 3, at: Date.UTC(2026, 11, 1, 9, 31, 40), actor: 'B', seat: 'B' },
      ],
      notes: { learned: '', summary: '' },
      exportedAt: new Date(Date.UTC(2026, 11, 1, 9, 32)),
      timeZone: 'UTC',
    });
    expect(markdown.split('\n')[2]).toBe('Session of Tuesday, 1 December 2026, 09:31 (times in UTC).');
  });

  it('D2 a session that runs past midnight shows the later day with the time', () => {
    const markdown = recordMarkdown({
      entries: [
        { type: 'contractAgreed', seq: 2, at: Date.UTC(2026, 11, 1, 23, 50), actor: 'A', seat: 'A' },
        { type: 'contractAgreed', seq: 3, at: Date.UTC(2026, 11, 2, 0, 10), actor: 'B', seat: 'B' },
      ],
      notes: { learned: '', summary: '' },
      exportedAt: new Date(Date.UTC(2026, 11, 2, 1, 0)),
      timeZone: 'UTC',
    });
    expect(markdown.split('\n').slice(2, 9)).toEqual([
      'Session of Tuesday, 1 December 2026, 23:50 to Wednesday, 2 December 2026, 00:10 (times in UTC).',
      '',
      'Exported Wednesday, 2 December 2026, 01:00.',
      '',
      '- 23:50 Partner A agreed to the ground rules.',
      '',
      '- Wed 2 Dec, 00:10 Partner B agreed to the ground rules.',
    ]);
  });

  it('D2 without a time zone given, the times are in the reader’s own, and the file says which', () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const markdown = recordMarkdown({
      entries: [{ type: 'contractAgreed', seq: 2, at: at(1), actor: 'A', seat: 'A' }],
      notes: { learned: '', summary: '' },
      exportedAt: new Date(at(2)),
    });
    expect(markdown).toContain(`(times in ${zone.replace(/_/g, '\\_')}).`);
    const time = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(at(1));
    expect(markdown).toContain(`- ${time} Partner A agreed to the ground rules.`);
  });
});
