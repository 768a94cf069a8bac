import { describe, expect, it } from 'vitest';
import {
  type Decision,
  decide,
  evolve,
  RoomEvent,
  type RoomState,
  SEATS,
  viewState,
} from '../../shared/index.ts';
import { replay } from '../support/engineRoom.ts';

const NOW = 1_700_000_000_000;
const NAMES = { A: { name: 'Sam', pronouns: 'she/her' }, B: { name: 'Alex' } };

function create(partners?: unknown): Decision {
  const command = {
    type: 'createRoom',
    roomId: 'room-1',
    mode: 'therapy',
    ...(partners ? { partners } : {}),
  };
  // biome-ignore lint/suspicious/noExplicitAny: the engine must refuse what no type would let through
  return decide(null, command as any, 'system', NOW);
}

function refusal(partners: unknown) {
  const decision = create(partners);
  return decision.ok ? 'accepted' : decision.rejection;
}

describe('partner names', () => {
  it('N1 N2 a room created with both names carries them in roomCreated and in every seat’s state', () => {
    const created = create(NAMES);
    if (!created.ok) throw new Error('refused');
    expect(created.events[0]).toMatchObject({ type: 'roomCreated', partners: NAMES });
    const state = replay(created.events) as RoomState;
    expect(state.partners).toEqual(NAMES);
    for (const seat of SEATS) expect(viewState(state, seat).partners, seat).toEqual(NAMES);
  });

  it('N1 a room created without names has partners null', () => {
    const created = create();
    if (!created.ok) throw new Error('refused');
    expect(created.events[0]).toMatchObject({ type: 'roomCreated', partners: null });
    expect(replay(created.events)?.partners).toBeNull();
  });

  it('N1 names are trimmed and normalised as they are recorded', () => {
    const created = create({ A: { name: '  Zoe\u0301  ', pronouns: ' they/them ' }, B: { name: 'Alex ' } });
    if (!created.ok) throw new Error('refused');
    expect(replay(created.events)?.partners).toEqual({
      A: { name: 'Zoé', pronouns: 'they/them' },
      B: { name: 'Alex' },
    });
  });

  it('N1 bad names are refused with the field’s path, never echoing them', () => {
    const cases: [unknown, string][] = [
      [{ A: { name: '' }, B: { name: 'Alex' } }, 'partners.A.name'],
      [{ A: { name: '   ' }, B: { name: 'Alex' } }, 'partners.A.name'],
      [{ A: { name: 'Sam' }, B: { name: 'x'.repeat(41) } }, 'partners.B.name'],
      [{ A: { name: 'Sam\u0007' }, B: { name: 'Alex' } }, 'partners.A.name'],
      [{ A: { name: 'Sam\nAlex' }, B: { name: 'Alex' } }, 'partners.A.name'],
      [{ A: { name: 'Sam\u202E' }, B: { name: 'Alex' } }, 'partners.A.name'],
      [{ A: { name: 'Sam', pronouns: 'p'.repeat(25) }, B: { name: 'Alex' } }, 'partners.A.pronouns'],
      [{ A: { name: 'Sam' } }, 'partners.B'],
      [{ A: { name: 'Sam' }, B: { name: 'Alex' }, C: { name: 'Kim' } }, 'partners'],
      [{ A: { name: 7 }, B: { name: 'Alex' } }, 'partners.A.name'],
    ];
    for (const [partners, path] of cases) {
      const answer = refusal(partners);
      expect(answer, JSON.stringify(partners)).toMatchObject({ code: 'bad_request', path });
      if (answer !== 'accepted') expect(answer.message).not.toMatch(/Sam|Alex|xxxx|pppp/);
    }
  });

  it('N1 a name of exactly 40 characters and pronouns of 24 are accepted', () => {
    expect(create({ A: { name: 'x'.repeat(40), pronouns: 'p'.repeat(24) }, B: { name: 'y' } }).ok).toBe(true);
  });

  it('N1 T34 a log written before names folds to partners null', () => {
    const old = {
      type: 'roomCreated',
      roomId: 'r',
      mode: 'practice',
      talk: 'written',
      seq: 1,
      at: 1,
      actor: 'system',
    };
    const parsed = RoomEvent.parse(old);
    expect(parsed).toMatchObject({ partners: null });
    expect(evolve(null, parsed).partners).toBeNull();
  });
});
