import { describe, expect, it } from 'vitest';
import {
  aboutPartner,
  partnerLabel,
  partnerName,
  seatName,
  stepCopyFor,
} from '../../client/src/components/names.ts';
import { namesToSend } from '../../client/src/components/PartnerNameFields.tsx';
import { recordMarkdown } from '../../client/src/components/recordMarkdown.ts';
import { describeEntry, describeLine } from '../../client/src/components/recordText.ts';
import { buildRecord } from '../../shared/index.ts';
import { roomAtStep } from '../support/engineRoom.ts';

const NAMES = { A: { name: 'Sam', pronouns: 'she/her' }, B: { name: 'Alex' } };

describe('partner names on the client', () => {
  it('N3 seatName says the name where it said "Partner A", and keeps today’s words without names', () => {
    expect(seatName('A', undefined, NAMES)).toBe('Sam');
    expect(seatName('B', 'A', NAMES)).toBe('Alex');
    expect(seatName('A', 'A', NAMES)).toBe('You');
    expect(seatName('therapist', 'A', NAMES)).toBe('Therapist');
    expect(seatName('system', 'A', NAMES)).toBe('The room');
    expect(seatName('A')).toBe('Partner A');
    expect(seatName('B', 'A', null)).toBe('Partner B');
  });

  it('N3 the console’s label carries the pronouns; sentences do not', () => {
    expect(partnerLabel('A', NAMES)).toBe('Sam (she/her)');
    expect(partnerLabel('B', NAMES)).toBe('Alex');
    expect(partnerLabel('A', null)).toBe('Partner A');
    expect(partnerName('A', NAMES)).toBe('Sam');
  });

  it('N3 a partner’s screen names the other partner where it said "your partner"', () => {
    expect(aboutPartner('Your partner is reflecting what they heard.', 'A', NAMES)).toBe(
      'Alex is reflecting what they heard.',
    );
    expect(aboutPartner('It is time: your partner said so.', 'B', NAMES)).toBe('It is time: Sam said so.');
    expect(aboutPartner('Your partner’s part', 'A', NAMES)).toBe('Alex’s part');
    expect(aboutPartner('Your partner is here.', 'A', null)).toBe('Your partner is here.');
    expect(aboutPartner('Your partner is here.', 'therapist', NAMES)).toBe('Your partner is here.');
    expect(stepCopyFor('reflect', 'A', NAMES).speaker).toBe('Alex is reflecting what they heard.');
    expect(stepCopyFor('empathy', 'B', NAMES).listener).toBe('Imagine how this feels for Sam.');
    expect(stepCopyFor('reflect', 'A', null).speaker).toBe('Your partner is reflecting what they heard.');
  });

  it('N3 the record reads with names, from each reader’s side', () => {
    const record = buildRecord(roomAtStep('practice', 'validate').events);
    const forB = record.map((entry) => describeEntry(entry, 'B', NAMES)).filter(Boolean);
    expect(forB).toContain('Sam agreed to the ground rules.');
    expect(forB).toContain('You are ready to listen.');
    expect(forB.join('\n')).not.toMatch(/Partner [AB]/);
    const without = record.map((entry) => describeEntry(entry, 'B')).filter(Boolean);
    expect(without).toContain('Partner A agreed to the ground rules.');
  });

  it('N3 a name is a label in the record’s segments, so the export escapes it like anything someone wrote', () => {
    const hostile = { A: { name: '[x](javascript:alert(1))' }, B: { name: '<img src=x onerror=alert(1)>' } };
    expect(describeLine({ type: 'contractAgreed', actor: 'A' }, undefined, hostile)).toEqual([
      { label: hostile.A.name },
      ' agreed to the ground rules.',
    ]);
    const record = buildRecord(roomAtStep('practice', 'validate').events);
    const markdown = recordMarkdown({
      entries: record,
      notes: { learned: '', summary: '' },
      exportedAt: new Date(1_700_000_000_000),
      timeZone: 'UTC',
      names: hostile,
    });
    expect(markdown).not.toContain('[x](');
    expect(markdown).not.toContain('<img');
    expect(markdown).toContain('\\[x\\]');
    expect(markdown).toContain('&lt;img src\\=x onerror\\=alert(1)&gt;');
  });

  it('N3 the export names the partners once, with pronouns, and in every line', () => {
    const record = buildRecord(roomAtStep('practice', 'validate').events);
    const markdown = recordMarkdown({
      entries: record,
      notes: { learned: '', summary: '' },
      exportedAt: new Date(1_700_000_000_000),
      timeZone: 'UTC',
      names: NAMES,
    });
    expect(markdown).toContain('Partners: Sam (she/her) and Alex.');
    expect(markdown).toContain('Sam agreed to the ground rules.');
    expect(markdown).not.toMatch(/Partner [AB]/);
  });

  it('N1 the home page sends both names or none', () => {
    expect(namesToSend({ A: '', B: '  ' })).toEqual({});
    expect(namesToSend({ A: ' Sam ', B: 'Alex' })).toEqual({
      partners: { A: { name: 'Sam' }, B: { name: 'Alex' } },
    });
    expect(namesToSend({ A: 'Sam', B: '' }).problem).toBe('Add both names, or leave both empty.');
  });
});
