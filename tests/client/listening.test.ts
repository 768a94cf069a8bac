import { describe, expect, it } from 'vitest';
import {
  LISTENING_WORDS,
  NOT_YET_WORDS,
  SELF_CHECK_QUESTION,
} from '../../client/src/screens/partner/listeningWords.ts';
import { listeningAlerts } from '../../client/src/screens/therapist/listeningAlerts.ts';
import { selfCheckAnswer } from '../../shared/index.ts';
import { roomAtStep } from '../support/engineRoom.ts';

const texts = (lines: { text: string }[]) =>
  lines.map((line) => line.text.replace(/\(\d\d:\d\d.*\)/, '(time)'));

describe('the console lines of listening inside (I3, I6)', () => {
  it('I3 "I need help to listen" and a listening part show while the listener is getting ready, then go', () => {
    const room = roomAtStep('therapy', 'listener_ready');
    expect(listeningAlerts(room.state)).toEqual([]);
    room.ok('B', {
      type: 'nameListeningPart',
      part: { name: 'the judge', kind: 'protector', fears: 'being fooled' },
    });
    room.ok('B', { type: 'askListeningHelp' });
    const lines = listeningAlerts(room.viewOf('therapist'));
    expect(texts(lines)).toEqual([
      "A part of Partner B doesn't want to listen: the judge — fears being fooled (time).",
      'Partner B needs help to listen (time).',
    ]);
    expect(lines.map((line) => line.urgent)).toEqual([false, true]);
    // I8: the speaker's own view has nothing of it.
    expect(listeningAlerts(room.viewOf('A'))).toEqual([]);
    room.ok('B', { type: 'listenerReady' });
    expect(listeningAlerts(room.viewOf('therapist'))).toEqual([]);
  });

  it('I6 "not there yet" shows until the speaker checks again or speaks', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('A', { type: 'checkSelf', moment: 'u_turn', qualities: [], notYet: true });
    expect(texts(listeningAlerts(room.viewOf('therapist')))).toEqual([
      'Partner A is not there yet toward their part (time).',
    ]);
    room.ok('A', { type: 'checkSelf', moment: 'u_turn', qualities: ['calm'], notYet: false });
    expect(listeningAlerts(room.viewOf('therapist'))).toEqual([]);
    room.ok('A', { type: 'checkSelf', moment: 'u_turn', qualities: [], notYet: true });
    room.ok('A', { type: 'speak', text: 'A part of me feels small.' });
    expect(listeningAlerts(room.viewOf('therapist'))).toEqual([]);
    expect(selfCheckAnswer({ qualities: ['calm', 'connected'], notYet: false })).toBe('calm, connected');
  });
});

describe('the partner words of listening inside (I1–I7)', () => {
  it('I6 P2 every line is one short line a partner in a hard moment can read', () => {
    for (const text of [
      ...Object.values(LISTENING_WORDS),
      ...Object.values(NOT_YET_WORDS),
      ...Object.values(SELF_CHECK_QUESTION),
    ]) {
      expect(text.length, text).toBeLessThanOrEqual(70);
      expect(text).not.toMatch(/\n|Self-energy|exile|protector/);
    }
    // P2: a practice room never mentions a therapist.
    expect(NOT_YET_WORDS.offerPractice).not.toMatch(/therapist/i);
    expect(LISTENING_WORDS.helpPractice).not.toMatch(/therapist/i);
  });
});
