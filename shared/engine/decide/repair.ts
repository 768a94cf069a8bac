import type { z } from 'zod';
import type { Repair } from '../../protocol/commands.ts';
import { otherPartner } from '../../protocol/seats.ts';
import { namedBy, sameName, shownToOther } from '../cycleMap.ts';
import { reject } from '../decision.ts';
import { optional } from '../optional.ts';
import type { Handlers } from './handler.ts';

/** A cycle map longer than this is no longer a map a couple can read (I34). */
const MAX_LINKS = 24;

/**
 * Part E — repair and the cycle (issue 11 §6, shared/SPEC.md I30–I39): a repair offered at any moment
 * of the round or the close and answered, the therapist's marks, and the cycle map.
 */
export const repairHandlers: Handlers<
  'offerRepair' | 'answerRepairOffer' | 'markMoment' | 'linkParts' | 'unlinkParts'
> = {
  offerRepair(state, command, seat) {
    if (state.stage !== 'round' && state.stage !== 'closing')
      return reject('wrong_step', 'A repair can be offered during a round or the close.');
    // T37: in a spoken room the repair may have been said aloud; in a written one it is written.
    if (state.talk === 'written' && isEmpty(command.repair))
      return reject('bad_request', 'Write at least one line: what set you up, your part, or an apology.');
    if (state.repairOffers.some((offer) => offer.seat === seat && offer.answer === null))
      return reject('already_done', 'Your partner has not answered your last repair yet.');
    return [{ type: 'repairOffered', seat, repair: command.repair }];
  },

  answerRepairOffer(state, command, seat) {
    const offer = state.repairOffers.find((o) => o.seq === command.offerSeq);
    if (!offer || offer.seat !== otherPartner(seat))
      return reject('invalid_target', 'That is not a repair your partner offered.');
    if (offer.answer !== null) return reject('already_done', 'You have already answered this repair.');
    return [{ type: 'repairOfferAnswered', seat, offerSeq: offer.seq, accepted: command.accepted }];
  },

  markMoment(_state, command) {
    return [{ type: 'momentMarked', kind: command.kind, ...optional('note', command.note) }];
  },

  linkParts(state, command) {
    const { from, to } = command;
    if (from.seat === to.seat)
      return reject('invalid_target', 'A link joins a part of one partner to a part of the other.');
    const same = state.cycleMap.some(
      (link) =>
        link.from.seat === from.seat &&
        link.from.part !== undefined &&
        link.to.part !== undefined &&
        sameName(link.from.part, from.part) &&
        sameName(link.to.part, to.part),
    );
    if (same) return reject('already_done', 'These two parts are already linked this way.');
    if (state.cycleMap.length >= MAX_LINKS)
      return reject('too_large', `The cycle map holds at most ${MAX_LINKS} links; unlink one first.`);
    const end = (side: typeof from) => ({
      seat: side.seat,
      part: side.part,
      named: side.aloud === true || namedBy(state, side.seat, side.part),
      shown: shownToOther(state, side.seat, side.part),
    });
    return [{ type: 'partsLinked', from: end(from), to: end(to) }];
  },

  unlinkParts(state, command) {
    const link = state.cycleMap.find((l) => l.seq === command.linkSeq);
    if (!link) return reject('invalid_target', 'That link is not in the cycle map.');
    const seenBy = [link.from, link.to].filter((e) => e.named).map((e) => e.seat);
    return [{ type: 'partsUnlinked', linkSeq: link.seq, seenBy }];
  },
};

function isEmpty(repair: z.infer<typeof Repair>): boolean {
  return repair.whatSetMeUp === undefined && repair.myPart === undefined && repair.apology === undefined;
}
