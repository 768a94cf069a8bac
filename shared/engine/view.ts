import { exhaustive } from '../exhaustive.ts';
import type { RoomEvent } from '../protocol/events.ts';
import { isPartner, type Mode, PARTNER_SEATS, type PartnerSeat, type Seat } from '../protocol/seats.ts';
import { linkReaders, linkSeenBy } from './cycleMap.ts';
import type { PerPartner, RoomState, Round } from './state.ts';

/**
 * Who may read an event's private content (A10–A14). `room` means every seat of the room. Every
 * event type is listed, so a new one cannot become public by default: `tsc` asks where it belongs.
 */
export function audience(event: RoomEvent, mode: Mode): 'room' | Seat[] {
  const withTherapist = (seat: PartnerSeat): Seat[] => (mode === 'therapy' ? [seat, 'therapist'] : [seat]);
  switch (event.type) {
    case 'checkedIn':
      if (event.visibility === 'room') return 'room';
      return event.visibility === 'therapist' ? withTherapist(event.seat) : [event.seat];
    case 'partNamed':
    case 'safetyPlanShared':
    case 'urgeToSpeak':
    case 'listeningPartNamed':
    case 'listeningHelpAsked':
    case 'selfChecked':
      return withTherapist(event.seat);
    // Part D (I44, I46): the other partner receives the `private` stand-in, whatever the answer.
    case 'locationConfirmed':
    case 'safeToSpeakAnswered':
    // Part C (I21): consent is asked and answered between the therapist and that partner alone.
    case 'directAccessAsked':
    case 'directAccessDeclined':
    case 'directAccessWithdrawn':
      return withTherapist(event.seat);
    case 'roomCreated':
    case 'talkSet':
    case 'shorterAsked':
    case 'pieceLimitSet':
    case 'videoLinkSet':
    case 'private':
    case 'seatAdmitted':
    case 'seatReissued':
    case 'contractAgreed':
    case 'roundStarted':
    case 'floorRequested':
    case 'speakerChosen':
    case 'floorDeclined':
    case 'listenerReady':
    case 'spoke':
    case 'reflected':
    case 'confirmed':
    case 'corrected':
    case 'moreAnswered':
    case 'summarized':
    case 'validated':
    case 'empathized':
    case 'landed':
    case 'rolesSwapped':
    case 'closingStarted':
    case 'closingReflection':
    case 'repairAnswered':
    case 'paused':
    case 'resumed':
    case 'uTurnRequested':
    case 'entryMarkedFromPart':
    case 'directAccessStarted':
    case 'directSaid':
    case 'directAccessEnded':
    case 'contemptStopped':
    case 'stepRewound':
    case 'stepSkipped':
    case 'draftsVisibilitySet':
    case 'draftSharingSet':
    case 'timerSet':
    case 'timerExtended':
    case 'timerCleared':
    case 'endRequested':
    case 'endCancelled':
    case 'ended':
    case 'confidentialitySet':
    // Part B (I13): a breathing pause and a break are the whole room's, shown the same to every seat.
    case 'breathingStarted':
    case 'breathingEnded':
    case 'breakTaken':
    // Part C (I22–I29)
    case 'witnessSaid':
    case 'witnessSkipped':
    case 'contemptStepTaken':
    case 'contemptEnded':
    case 'responseChosen':
    case 'respondedFromHeart':
    // Part E (I30, I31): a repair and its answer are for both partners and the therapist.
    case 'repairOffered':
    case 'repairOfferAnswered':
      return 'room';
    // I33: the therapist's marks are theirs alone.
    case 'momentMarked':
      return ['therapist'];
    // I35: a link is read by the therapist and by each partner whose own part in it they named.
    case 'partsLinked':
      return ['therapist', ...linkReaders(event)];
    case 'partsUnlinked':
      return ['therapist', ...event.seenBy];
    default:
      return exhaustive(event, 'event');
  }
}

function mayRead(event: RoomEvent, mode: Mode, viewer: Seat): boolean {
  const who = audience(event, mode);
  return who === 'room' || who.includes(viewer);
}

/**
 * The copy of an event that `viewer` receives: private content stripped, or the whole event replaced
 * by a `private` stand-in when even its existence is not theirs to know (an urge to speak).
 */
export function viewEvent(event: RoomEvent, mode: Mode, viewer: Seat): RoomEvent {
  // I36: a partner who may read a link reads the other's part name only once it was shown to them.
  if (event.type === 'partsLinked' && isPartner(viewer)) {
    const seen = linkSeenBy(event, viewer);
    if (seen) return seen;
  } else if (mayRead(event, mode, viewer)) return event;
  const { seq, at } = event;
  switch (event.type) {
    case 'checkedIn': {
      const { checkIn: _hidden, ...rest } = event;
      return rest;
    }
    case 'partNamed': {
      const { part: _hidden, ...rest } = event;
      return rest;
    }
    case 'safetyPlanShared': {
      const { plan: _hidden, ...rest } = event;
      return rest;
    }
    default:
      // Not even who acted is told: the stand-in only keeps the sequence gap-free.
      return { type: 'private', seq, at, actor: 'system' };
  }
}

/** The state as `viewer` may see it; equal to folding the events `viewer` received (checked by a property test). */
export function viewState(state: RoomState, viewer: Seat): RoomState {
  const therapist = viewer === 'therapist';
  const mine = (seat: PartnerSeat) => therapist || seat === viewer;
  /** Keeps each partner's entry, passed through `hide` where the viewer may not read it. */
  const perPartner = <T>(record: PerPartner<T>, hide: (value: T) => T): PerPartner<T> => {
    const out: PerPartner<T> = {};
    for (const seat of PARTNER_SEATS) {
      const value = record[seat];
      if (value !== undefined) out[seat] = mine(seat) ? value : hide(value);
    }
    return out;
  };
  const onlyMine = <T>(record: PerPartner<T>): PerPartner<T> =>
    Object.fromEntries(
      PARTNER_SEATS.flatMap((seat) => (record[seat] && mine(seat) ? [[seat, record[seat]]] : [])),
    );
  /** The round's part is the speaker's until a piece carries it (A11): the listener's fold holds null. */
  const round = (r: Round): Round =>
    r.floor === 'open' || therapist || r.speaker === viewer || r.speakerPart === null
      ? r
      : { ...r, speakerPart: null };
  const seen: RoomState = {
    ...state,
    previousRounds: state.previousRounds.map(round),
    safetyPlans: perPartner(state.safetyPlans, ({ at }) => ({ at })),
    parts: perPartner(state.parts, () => undefined),
    // Left out, not emptied: the other partner's fold of a `partNamed` without its part adds nothing.
    partsNamed: Object.fromEntries(
      PARTNER_SEATS.flatMap((seat) => {
        const named = state.partsNamed[seat];
        return named && mine(seat) ? [[seat, named]] : [];
      }),
    ),
    checkIns: Object.fromEntries(
      PARTNER_SEATS.flatMap((seat) => {
        const checkIn = state.checkIns[seat];
        if (!checkIn) return [];
        const visible =
          checkIn.visibility === 'room' ||
          seat === viewer ||
          (therapist && checkIn.visibility === 'therapist');
        return [[seat, visible ? checkIn : { visibility: checkIn.visibility }]];
      }),
    ),
    urges: therapist ? state.urges : state.urges.filter((urge) => urge.seat === viewer),
    // Part D (I44, I46): left out for the other partner, whose fold of the stand-in adds nothing.
    locations: onlyMine(state.locations),
    safeToSpeak: onlyMine(state.safeToSpeak),
    // I8: what a partner noticed inside is theirs and the therapist's.
    listeningInside: state.listeningInside.filter((note) => mine(note.seat)),
    selfChecks: state.selfChecks.filter((check) => mine(check.seat)),
    // Part C (I21): the other partner's fold never saw the ask.
    directAccessAsk: state.directAccessAsk && mine(state.directAccessAsk.seat) ? state.directAccessAsk : null,
    directAccessDeclined:
      state.directAccessDeclined && mine(state.directAccessDeclined.seat) ? state.directAccessDeclined : null,
    // Part E: the therapist's marks are theirs (I33); each partner sees their own view of the map (I35, I36).
    moments: therapist ? state.moments : [],
    cycleMap: isPartner(viewer)
      ? state.cycleMap.flatMap((link) => linkSeenBy(link, viewer) ?? [])
      : state.cycleMap,
  };
  return seen.stage === 'round' ? { ...seen, round: round(seen.round) } : seen;
}
