import { useId } from 'react';
import { otherPartner, type PartnerSeat, type RoomState } from '../../../shared/index.ts';
import { useRoom, useSend } from '../room/hooks.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { partnerName } from './names.ts';

/**
 * A partner's own choice to let the other read their draft as it forms (D4). Off by default; the
 * draft is shared only while both partners choose it (and, in a therapy room, the therapist has not
 * hidden drafts). The box shows what the room holds, not a local wish, so it never claims more.
 */
export function DraftSharing({ me }: { me: PartnerSeat }) {
  const state = useRoom().state as RoomState;
  const { send, busy, error } = useSend();
  const id = useId();
  const other = otherPartner(me);
  const mine = state.draftSharing[me];
  return (
    <div className="draft-sharing">
      <label className="choice" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={mine}
          disabled={busy}
          aria-describedby={`${id}-status`}
          onChange={(e) => send({ type: 'shareDraft', shared: e.target.checked })}
        />
        Let {partnerName(other, state.partners)} see what I type before I send it
      </label>
      <p id={`${id}-status`} className="hint">
        {sharingStatus(state, me)}
      </p>
      <ErrorNote error={error} />
    </div>
  );
}

function sharingStatus(state: RoomState, me: PartnerSeat): string {
  const other = partnerName(otherPartner(me), state.partners);
  const therapist = state.mode === 'therapy' ? ' Your therapist sees your draft as it forms.' : '';
  const mine = state.draftSharing[me];
  const theirs = state.draftSharing[otherPartner(me)];
  if (state.mode === 'therapy' && !state.draftsVisibleToPartner && mine && theirs)
    return `Your therapist has paused this for now: ${other} does not see what you type.${therapist}`;
  if (mine && theirs)
    return `You both chose this: ${other} may see what you type, and you theirs.${therapist}`;
  if (mine) return `Only if ${other} chooses this too; until then your draft stays yours.${therapist}`;
  if (theirs) return `${other} has chosen this. Nothing is shared unless you choose it too.${therapist}`;
  return `Off: ${other} does not see what you type until you send it.${therapist}`;
}
