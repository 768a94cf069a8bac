import { describe, expect, it } from 'vitest';
import { ClientCommand, LIMITS, RoomEvent } from '../../shared/index.ts';
import { labelText, noteText, pieceText } from '../../shared/protocol/text.ts';

const label = labelText('The topic');
const piece = pieceText('A piece');
const note = noteText('The request');
const all = [
  ['label', label],
  ['piece', piece],
  ['note', note],
] as const;

function refusal(schema: typeof label, value: string) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`accepted ${JSON.stringify(value)}`);
  return result.error.issues[0];
}

const BIDI = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];

describe('the text rules every command with free text shares', () => {
  it('S5 text is normalised to NFC, so the same words are the same characters', () => {
    for (const [, schema] of all) expect(schema.parse(' Cafe\u0301 ')).toBe('Caf\u00e9');
    // The cap counts the normalised text: 120 decomposed é are 240 code units before, 120 after.
    expect(label.parse('e\u0301'.repeat(LIMITS.labelChars))).toBe('\u00e9'.repeat(LIMITS.labelChars));
  });

  it('S5 text made only of invisible format characters and spaces is empty', () => {
    const invisible = ['\u200b', '\u200c\u200d', ' \u2060 ', '\ufeff', '\u200e\u200f', '\u00ad'];
    for (const [kind, schema] of all) {
      for (const value of invisible) {
        const issue = refusal(schema, value);
        expect(issue?.code, `${kind} ${JSON.stringify(value)}`).toBe('too_small');
      }
    }
    expect(refusal(piece, '\u200b\n\t\u200b')?.code).toBe('too_small');
    expect(refusal(label, '\u200b\u200b')?.message).toBe('The topic is empty.');
  });

  it('S5 direction overrides and isolates are refused, naming the character and never the text', () => {
    for (const [kind, schema] of all) {
      for (const code of BIDI) {
        const char = String.fromCodePoint(code);
        const issue = refusal(schema, `secret ${char}txet`);
        const hex = code.toString(16).toUpperCase();
        expect(issue?.code, `${kind} U+${hex}`).toBe('custom');
        expect(issue?.message).toMatch(new RegExp(`hidden direction-changing character \\(U\\+${hex}\\)`));
        expect(issue?.message).not.toContain('secret');
      }
    }
    expect(refusal(piece, 'ok \u202e')?.message).toBe(
      'A piece contains a hidden direction-changing character (U+202E); remove it.',
    );
  });

  it('S5 control characters are refused; pieces and notes keep line feeds and tabs, labels are one line', () => {
    for (const [kind, schema] of all) {
      for (const code of [0x00, 0x07, 0x08, 0x1b, 0x7f, 0x85, 0x9b]) {
        const hex = code.toString(16).toUpperCase().padStart(4, '0');
        const issue = refusal(schema, `a${String.fromCharCode(code)}b`);
        expect(issue?.message, `${kind} U+${hex}`).toMatch(
          new RegExp(`contains an invisible control character \\(U\\+${hex}\\); remove it\\.$`),
        );
      }
    }
    expect(piece.parse('first line\n\tsecond line')).toBe('first line\n\tsecond line');
    expect(note.parse('one\r\ntwo\rthree')).toBe('one\ntwo\nthree');
    for (const value of ['one\ntwo', 'one\r\ntwo', 'one\u2028two', 'one\u2029two']) {
      expect(refusal(label, value)?.message).toBe('The topic must be on one line; remove the line break.');
    }
    expect(refusal(label, 'one\ttwo')?.message).toBe('The topic contains a tab; use a space instead.');
  });

  it('S5 broken UTF-16 (a lone surrogate) is refused', () => {
    expect(refusal(piece, 'half \ud83d of a face')?.message).toBe(
      'A piece contains a broken character (U+D83D); remove it.',
    );
  });

  it('S5 ordinary writing passes unchanged: emoji joined by ZWJ, right-to-left marks, hyphenation hints', () => {
    const texts = [
      'Our family 👨‍👩‍👧 matters',
      'שלום, זה חלק ממני\u200f.',
      'نص عربي مع علامة\u061c',
      'Zu\u00adsammen\u00adhalt',
      'Ça va.',
    ];
    for (const [, schema] of all) for (const value of texts) expect(schema.parse(value)).toBe(value);
  });

  it('S5 the refusals travel with the commands: the path and the message of the first problem', () => {
    const result = ClientCommand.safeParse({
      type: 'uTurn',
      part: { name: 'the \u202egaurd', kind: 'exile' },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['part', 'name'],
      message: "The part's name contains a hidden direction-changing character (U+202E); remove it.",
    });
  });

  it('S5 events keep what was recorded: a log written before these rules still parses', () => {
    const recorded = {
      type: 'partNamed',
      seat: 'A',
      requested: false,
      part: { name: 'the \u202eplanner', kind: 'protector', fears: 'a\u0007' },
      seq: 9,
      at: 1,
      actor: 'A',
    };
    expect(RoomEvent.parse(recorded)).toEqual(recorded);
    const reflection = {
      type: 'closingReflection',
      seat: 'B',
      nextTime: '\u200b',
      repair: { myPart: 'x\u2066' },
      seq: 30,
      at: 2,
      actor: 'B',
    };
    expect(RoomEvent.parse(reflection)).toEqual(reflection);
  });
});
