import { currentRound, type PartnerSeat, type RoomState } from '../../../../shared/index.ts';
import { partnerName } from '../../components/names.ts';

const clock = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * What needs the therapist now (I3, I6): one line each — a listener asking for help to listen, a
 * listener's part that doesn't want to listen, a speaker not yet there toward their part. Each
 * shows while its moment lasts; the record keeps it after.
 */
export function listeningAlerts(state: RoomState): { key: string; text: string; urgent: boolean }[] {
  const round = currentRound(state);
  if (round?.floor !== 'held') return [];
  const listener: PartnerSeat = round.speaker === 'A' ? 'B' : 'A';
  const name = (seat: PartnerSeat) => partnerName(seat, state.partners);
  const lines: { key: string; text: string; urgent: boolean }[] = [];
  if (round.step === 'listener_ready') {
    for (const note of state.listeningInside) {
      if (note.seat !== listener || note.round !== round.number) continue;
      lines.push(
        note.kind === 'help'
          ? {
              key: `${note.seq}`,
              text: `${name(listener)} needs help to listen (${clock(note.at)}).`,
              urgent: true,
            }
          : {
              key: `${note.seq}`,
              text: `A part of ${name(listener)} doesn't want to listen${
                note.part ? `: ${note.part.name}${note.part.fears ? ` — fears ${note.part.fears}` : ''}` : ''
              } (${clock(note.at)}).`,
              urgent: false,
            },
      );
    }
  }
  const spoke = round.entries.some((entry) => entry.kind === 'piece' && entry.seat === round.speaker);
  const latest = state.selfChecks.filter((c) => c.seat === round.speaker && c.moment === 'u_turn').at(-1);
  if (round.step === 'speak' && !spoke && latest?.notYet) {
    lines.push({
      key: `${latest.seq}`,
      text: `${name(round.speaker)} is not there yet toward their part (${clock(latest.at)}).`,
      urgent: true,
    });
  }
  return lines;
}
