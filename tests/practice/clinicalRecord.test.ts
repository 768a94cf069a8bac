import { describe, expect, it } from 'vitest';
import { STEP_COPY } from '../../client/src/steps.ts';
import {
  CLINICAL_RECORD_FORMAT,
  ClinicalRecordJson,
  clinicalRecordJson,
  clinicalRecordMarkdown,
  InterventionKind,
  ROUND_STEPS,
  type SessionSummary,
  STEP_WORDS,
  summarizeSession,
} from '../../shared/index.ts';
import { BLOCK_START, HOSTILE, quoted, unescaped, unescapeMarkdown } from '../support/markdownChecks.ts';
import { wholeTherapySession } from './sessionFixture.ts';

const { events, times } = wholeTherapySession();
const summary = summarizeSession(events);
const LONDON = { timeZone: 'Europe/London', generatedAt: (times.ended ?? 0) + 60_000 };

const APP_HEADINGS = [
  '## Who was there',
  '## Rounds',
  '## Check-in',
  '## Parts named',
  '## Listening inside and Self checks',
  '## Interventions',
  '## Safety',
  '## Closing and repair',
  '## The contract',
];

/** The fixture's summary with `text` in every place a person's words reach the clinical record. */
function withWords(text: string): SessionSummary {
  const part = { name: text, feltWhere: text, fears: text };
  return {
    ...summary,
    present: summary.present.map((attendee) =>
      attendee.seat === 'therapist' ? attendee : { ...attendee, name: text, pronouns: text },
    ),
    partsNamed: {
      A: summary.partsNamed.A.map((named) => ({ ...named, ...part })),
      B: summary.partsNamed.B.map((named) => ({ ...named, ...part })),
    },
    checkIns: {
      A: summary.checkIns.A && { ...summary.checkIns.A, body: text, parts: [text, text] },
      B: summary.checkIns.B,
    },
    closing: {
      ...summary.closing,
      reflections: {
        A: summary.closing.reflections.A && {
          ...summary.closing.reflections.A,
          nextTime: text,
          repair: { whatSetMeUp: text, myPart: text, apology: text },
        },
        B: summary.closing.reflections.B && { ...summary.closing.reflections.B, nextTime: text },
      },
    },
    // Part D (I48): the confidentiality text and a location are people's words too.
    contract: {
      ...summary.contract,
      confidentiality: { seq: 1, at: summary.createdAt, text },
      locations: { A: [{ at: summary.startedAt, location: text }], B: [] },
    },
  };
}

describe('the clinical record in Markdown', () => {
  it('R3 a dated record with the app headings, times on the named clock, length and who was there', () => {
    const markdown = clinicalRecordMarkdown(summary, LONDON);
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('# Therapy session — Tuesday, 14 November 2023');
    expect(lines.filter((line) => line.startsWith('#'))).toEqual([lines[0], ...APP_HEADINGS]);
    expect(markdown).toContain(
      'Tuesday, 14 November 2023, 22:13–22:14 (times in Europe/London). Length: 1 minute. The room was written.',
    );
    expect(markdown).toContain('- The therapist\n- Partner A\n- Partner B\n');
    expect(markdown).toContain('1 of 3 rounds completed.');
    expect(markdown).toContain('Who spoke: Partner A: 3 pieces (1 set aside); Partner B: 1 piece.');
    expect(markdown).toContain(
      '- 22:13 Partner A: Self energy 6 of 10; felt in: chest; parts: a worried part (shared with the room).',
    );
    expect(markdown).toContain('- 22:13 Partner B checked in and kept it private.');
    expect(markdown).toContain(
      '  - 22:13 at a U-turn: the scared one (exile); felt in: throat; fears: being left',
    );
    expect(markdown).toContain('- 22:13 The therapist asked Partner B for a U-turn.');
    expect(markdown).toContain(
      '- 22:13 Partner A called the safe word: safety pause; resumed at 22:13, after 1 second.',
    );
    expect(markdown).toContain('Partner B accepted the repair.');
    expect(markdown).toContain('Record made Tuesday, 14 November 2023, 22:15.');
  });

  it('R3 every time is a local clock time in the time zone given, and the file names it', () => {
    const markdown = clinicalRecordMarkdown(summary, { ...LONDON, timeZone: 'Asia/Tokyo' });
    expect(markdown.split('\n')[0]).toBe('# Therapy session — Wednesday, 15 November 2023');
    expect(markdown).toContain('(times in Asia/Tokyo)');
    expect(markdown).toContain('- 07:13 Partner A called the safe word');
    expect(markdown).not.toContain('22:13');
  });

  it('R3 plain words, never the protocol’s codes', () => {
    const markdown = clinicalRecordMarkdown(summary, LONDON);
    expect(markdown).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    // Every code with two words (`summary_confirm`, `u_turn_asked`, `safety_pause`…) is caught above.
    const codes = [...ROUND_STEPS, ...InterventionKind.options].filter((code) => code.includes('_'));
    expect(codes.length).toBeGreaterThan(20);
    expect(markdown).toContain('moved on from Reflecting to Checking the reflection.');
  });

  it("R3 the steps' words are the screens' titles", () => {
    expect(STEP_WORDS).toEqual(Object.fromEntries(ROUND_STEPS.map((step) => [step, STEP_COPY[step].title])));
  });
});

describe('R4 the clinical record keeps its structure whatever people wrote', () => {
  it.each(HOSTILE.map((text) => [JSON.stringify(text).slice(0, 60), text]))('R4 %s', (_name, text) => {
    for (const [copy, markdown] of [
      ['without notes', clinicalRecordMarkdown(withWords(text), LONDON)],
      ['therapist', clinicalRecordMarkdown(withWords(text), { ...LONDON, therapistNotes: text })],
    ] as const) {
      const lines = markdown.split('\n');
      const headings = lines.filter((line) => /^ {0,3}#{1,6}(?:[ \t]|$)/.test(line));
      expect(headings, copy).toEqual([
        '# Therapy session — Tuesday, 14 November 2023',
        ...APP_HEADINGS,
        ...(copy === 'therapist' ? ["## Therapist's private notes"] : []),
      ]);
      expect(markdown).not.toContain('<');
      for (const char of ['[', ']', '`', '*', '_', '|', '~', '$', '@', '=', '+', '^', '{', '}']) {
        expect(unescaped(markdown, char), `${copy}: unescaped ${char}`).toBe(0);
      }
      expect(markdown).not.toMatch(/(?<!\\)\]\(|(?<!\\)(?:https?|ftp):\/\/|(?<![\\a-z])www\./i);
      expect(markdown).not.toMatch(/[\u202A-\u202E\u2066-\u2069]|[^\P{Cc}\n\t]/u);
      for (const line of lines.slice(1)) {
        const content = quoted(line);
        const listed = line.match(/^(?: {2})?- (.*)$/);
        if (content !== null) expect(content, `${copy}: ${JSON.stringify(line)}`).not.toMatch(BLOCK_START);
        else if (listed) expect(listed[1], `${copy}: ${JSON.stringify(line)}`).not.toMatch(BLOCK_START);
        else if (!APP_HEADINGS.includes(line) && line !== "## Therapist's private notes") {
          expect(line, `${copy}: ${JSON.stringify(line)}`).not.toMatch(BLOCK_START);
        }
        expect(line, copy).not.toMatch(/^ {0,3}(?:=+|-+|(?:[-*_] *){3,})\s*$/);
      }
    }
  });

  it('R4 a name like "# x" or a link stays text, and reads back as written', () => {
    const name = '# Sam [a](javascript:alert(1))';
    const markdown = clinicalRecordMarkdown(withWords(name), LONDON);
    expect(markdown).toContain(
      '- \\# Sam \\[a\\](javascript:alert(1)) (\\# Sam \\[a\\](javascript:alert(1))), partner A',
    );
    expect(markdown).not.toMatch(/(?<!\\)\]\(/);
    expect(unescapeMarkdown(markdown)).toContain(`${name}, next time:`);
  });

  it('R4 what a partner wrote in their own paragraph survives line by line', () => {
    const nextTime = 'line one\n# two\n- three';
    const markdown = clinicalRecordMarkdown(withWords(nextTime), LONDON);
    const said = markdown
      .split('\n')
      .map((line) => quoted(line))
      .filter((content): content is string => content !== null)
      .map(unescapeMarkdown);
    expect(said.slice(0, 3)).toEqual(['line one', '# two', '- three']);
  });
});

describe("R5 the therapist's private notes are on the therapist's copy only", () => {
  it('R5 without notes passed: no section in the Markdown, no key in the JSON', () => {
    const markdown = clinicalRecordMarkdown(summary, LONDON);
    expect(markdown).not.toContain('private notes');
    const json = clinicalRecordJson(summary, LONDON);
    expect('therapistNotes' in json).toBe(false);
  });

  it('R5 with notes passed: under their own heading, quoted and escaped; in the JSON as written', () => {
    const notes = 'Watch the defender.\n## Not a heading\n<b>bold</b>';
    const markdown = clinicalRecordMarkdown(summary, { ...LONDON, therapistNotes: notes });
    expect(markdown).toContain(
      "## Therapist's private notes\n\n> Watch the defender.\n> \\#\\# Not a heading\n> &lt;b&gt;bold&lt;/b&gt;\n",
    );
    expect(clinicalRecordJson(summary, { ...LONDON, therapistNotes: notes }).therapistNotes).toBe(notes);
  });

  it('R5 notes passed empty still mark the therapist’s copy', () => {
    expect(clinicalRecordMarkdown(summary, { ...LONDON, therapistNotes: '' })).toContain(
      "## Therapist's private notes\n\n—\n",
    );
    expect(clinicalRecordJson(summary, { ...LONDON, therapistNotes: '' })).toHaveProperty(
      'therapistNotes',
      '',
    );
  });
});

describe('the clinical record as JSON', () => {
  it('R3 a versioned document that validates against its schema after a trip through JSON', () => {
    const json = clinicalRecordJson(summary, { ...LONDON, therapistNotes: 'notes' });
    expect(json).toMatchObject({ format: CLINICAL_RECORD_FORMAT, version: 2, timeZone: 'Europe/London' });
    expect(ClinicalRecordJson.parse(JSON.parse(JSON.stringify(json)))).toEqual(json);
  });

  it('R3 the schema refuses another format, another version or an unknown field', () => {
    const json = clinicalRecordJson(summary, LONDON);
    expect(ClinicalRecordJson.safeParse({ ...json, version: 1 }).success).toBe(false);
    expect(ClinicalRecordJson.safeParse({ ...json, format: 'other' }).success).toBe(false);
    expect(ClinicalRecordJson.safeParse({ ...json, extra: 1 }).success).toBe(false);
    expect(ClinicalRecordJson.safeParse({ ...json, summary: { ...summary, roomId: 7 } }).success).toBe(false);
  });
});

describe('the clinical record in Markdown, tidy', () => {
  it('R3 never two blank lines in a row, and it ends with one newline', () => {
    const markdown = clinicalRecordMarkdown(withWords('one\n\n\ntwo'), {
      ...LONDON,
      therapistNotes: 'a\n\n\nb',
    });
    expect(markdown).not.toMatch(/\n\n\n/);
    expect(markdown.endsWith('.\n')).toBe(true);
    expect(markdown).toContain('> one\n>\n>\n> two');
  });
});
