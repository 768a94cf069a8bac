import type { RoomEvent } from '../../shared/index.ts';
import { EngineRoom } from '../support/engineRoom.ts';

export const PART_A = {
  name: 'the scared one',
  kind: 'exile',
  feltWhere: 'throat',
  fears: 'being left',
} as const;
export const PART_B = { name: 'the defender', kind: 'protector' } as const;
export const PART_DIRECT = { name: 'the little one', kind: 'not_sure' } as const;

/**
 * A whole written therapy session driven through the real engine: admission, contracts, check-ins
 * (A's shared with the room, B's kept to B), a first round run to its end with "Who is speaking?",
 * a pause and a U-turn asked of the listener, a second round with a safety pause and direct access (asked, agreed, the witness's turn),
 * swapped before its end, a third round left open at the close, a repair offered and accepted, the end.
 */
export function wholeTherapySession(): {
  room: EngineRoom;
  events: RoomEvent[];
  times: Record<string, number>;
} {
  const room = new EngineRoom('therapy', 'written');
  const times: Record<string, number> = {};
  const at = (name: string) => {
    times[name] = room.now;
  };
  room.ok('therapist', { type: 'admit', seat: 'A' });
  at('admitA');
  room.ok('therapist', { type: 'admit', seat: 'B' });
  room.ok('A', { type: 'agreeContract', safeWord: 'pineapple' });
  room.ok('B', { type: 'agreeContract' });
  room.ok('A', { type: 'shareSafetyPlan', plan: { location: 'Home office', emergencyContact: 'Jo 0123' } });
  room.ok('A', {
    type: 'checkIn',
    checkIn: { parts: ['a worried part'], body: 'chest', selfEnergy: 6 },
    visibility: 'room',
  });
  at('checkInA');
  room.ok('B', {
    type: 'checkIn',
    checkIn: { parts: ['a secret part'], body: 'stomach', selfEnergy: 2 },
    visibility: 'self',
  });
  at('checkInB');
  room.ok('therapist', { type: 'setPieceLimit', chars: 200 });
  at('pieceLimit');
  room.ok('therapist', { type: 'setTimer', seconds: 120 });
  at('timer');
  // Round 1: A speaks, to the end.
  room.ok('A', { type: 'requestFloor', topic: 'the dishes' });
  room.ok('B', { type: 'listenerReady' });
  room.ok('A', { type: 'uTurn', part: PART_A });
  at('uTurnA');
  room.ok('A', { type: 'speak', text: 'You never help.' });
  const piece = room.entries.find((entry) => entry.kind === 'piece');
  if (!piece) throw new Error('no piece');
  room.ok('therapist', { type: 'markFromPart', entrySeq: piece.seq });
  at('whoIsSpeaking');
  room.ok('A', { type: 'speak', text: 'A part of me feels alone when the dishes pile up.' });
  room.ok('B', { type: 'urgeToSpeak' });
  room.ok('therapist', { type: 'pause' });
  at('pause');
  room.ok('therapist', { type: 'resume' });
  at('resume');
  room.ok('therapist', { type: 'requestUTurn', seat: 'B' });
  at('uTurnAsked');
  room.ok('B', { type: 'uTurn', part: PART_B });
  at('uTurnB');
  room.ok('B', { type: 'reflect', text: 'I heard a part of you feels alone.' });
  room.ok('A', { type: 'confirm', more: false });
  room.ok('B', { type: 'summarize', text: 'A part of you feels alone with the dishes.' });
  room.ok('A', { type: 'confirm' });
  room.ok('B', { type: 'validate', text: 'It makes sense.' });
  room.ok('B', { type: 'empathize', text: 'I imagine you feel unseen.' });
  room.ok('A', { type: 'confirm' });
  room.ok('A', { type: 'land', text: 'It landed.', request: 'Could we do them together?' });
  room.ok('therapist', { type: 'swapRoles' });
  at('round2');
  // Round 2: B speaks; a safety pause, direct access with A; swapped before its end.
  room.ok('B', { type: 'requestFloor', topic: 'weekends' });
  room.ok('A', { type: 'listenerReady' });
  room.ok('B', { type: 'uTurn', part: PART_B });
  room.ok('B', { type: 'speak', text: 'A part of me wants rest.' });
  room.ok('A', { type: 'safetyPause' });
  at('safety');
  room.ok('therapist', { type: 'resume' });
  at('safetyResumed');
  room.ok('therapist', { type: 'askDirectAccess', seat: 'A' });
  at('directAccessAsked');
  room.ok('A', { type: 'answerDirectAccess', yes: true });
  at('directAccess');
  room.ok('A', { type: 'uTurn', part: PART_DIRECT });
  at('directPart');
  room.ok('therapist', { type: 'directSay', text: 'What does the little one need?' });
  room.ok('A', { type: 'directSay', text: 'To be held, said the little one.' });
  room.ok('therapist', { type: 'endDirectAccess' });
  at('directEnded');
  // I22: B, the witness, says what they noticed before the round goes on.
  room.ok('B', { type: 'witnessSay', text: 'I saw how small that part felt.' });
  at('witnessSaid');
  room.ok('therapist', { type: 'skipStep' });
  at('skip');
  room.ok('therapist', { type: 'swapRoles' });
  // Round 3: A again, left at reflect when the close starts.
  room.ok('A', { type: 'requestFloor', topic: 'mornings' });
  room.ok('B', { type: 'listenerReady' });
  room.ok('A', { type: 'uTurn', part: PART_A });
  room.ok('A', { type: 'speak', text: 'Mornings are rushed.' });
  room.ok('therapist', { type: 'startClosing' });
  at('closing');
  room.ok('A', {
    type: 'closingReflection',
    nextTime: 'Breathe first.',
    repair: { whatSetMeUp: 'Being tired', myPart: 'I snapped', apology: 'I am sorry' },
  });
  room.ok('B', { type: 'closingReflection', nextTime: 'Ask for a pause.' });
  room.ok('B', { type: 'answerRepair', accepted: true });
  room.ok('therapist', { type: 'requestEnd' });
  room.ok('therapist', { type: 'confirmEnd' });
  at('ended');
  return { room, events: room.events, times };
}
