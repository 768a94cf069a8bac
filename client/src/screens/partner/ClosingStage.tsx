import { useState } from 'react';
import { otherPartner, type PartnerSeat, type RoomState } from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { aboutPartner } from '../../components/names.ts';
import { useSend } from '../../room/hooks.ts';
import { SelfCheckAt } from './SelfCheck.tsx';

/** T18: one thing for next time, an optional repair, and an answer to the other's repair. */
export function ClosingStage({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const { send, error, busy } = useSend();
  const [nextTime, setNextTime] = useState('');
  const [whatSetMeUp, setWhatSetMeUp] = useState('');
  const [myPart, setMyPart] = useState('');
  const [apology, setApology] = useState('');
  const mine = state.closing[me];
  const theirs = state.closing[otherPartner(me)];
  return (
    <section className="panel step" aria-labelledby="closing-title">
      <h2 id="closing-title">Closing</h2>
      <SelfCheckAt state={state} me={me} moment="end" />
      {mine ? (
        <p className="notice">
          You shared: “{mine.nextTime}”.
          {mine.repair && mine.repairAccepted !== undefined
            ? mine.repairAccepted
              ? ` ${aboutPartner('Your partner accepted your repair.', me, state.partners)}`
              : ` ${aboutPartner('Your partner is not ready to accept the repair yet.', me, state.partners)}`
            : ''}
        </p>
      ) : (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const repair = {
              ...(whatSetMeUp.trim() ? { whatSetMeUp: whatSetMeUp.trim() } : {}),
              ...(myPart.trim() ? { myPart: myPart.trim() } : {}),
              ...(apology.trim() ? { apology: apology.trim() } : {}),
            };
            await send({
              type: 'closingReflection',
              nextTime: nextTime.trim(),
              ...(Object.keys(repair).length ? { repair } : {}),
            });
          }}
        >
          <label htmlFor="next-time">One thing I will do next time</label>
          <input id="next-time" value={nextTime} onChange={(e) => setNextTime(e.target.value)} />
          <label htmlFor="what-set-me-up">What set me up (optional)</label>
          <input id="what-set-me-up" value={whatSetMeUp} onChange={(e) => setWhatSetMeUp(e.target.value)} />
          <label htmlFor="my-part">My part in what happened (optional)</label>
          <input id="my-part" value={myPart} onChange={(e) => setMyPart(e.target.value)} />
          <label htmlFor="apology">An apology, if you want to offer one (optional)</label>
          <input id="apology" value={apology} onChange={(e) => setApology(e.target.value)} />
          <button type="submit" className="primary" disabled={busy || !nextTime.trim()}>
            Share
          </button>
        </form>
      )}
      {theirs?.repair && theirs.repairAccepted === undefined && (
        <div className="actions">
          <p>{aboutPartner('Your partner offered a repair.', me, state.partners)}</p>
          {theirs.repair.whatSetMeUp && (
            <blockquote>What set them up: “{theirs.repair.whatSetMeUp}”</blockquote>
          )}
          {theirs.repair.myPart && <blockquote>Their part: “{theirs.repair.myPart}”</blockquote>}
          {theirs.repair.apology && <blockquote>“{theirs.repair.apology}”</blockquote>}
          <button
            type="button"
            disabled={busy}
            onClick={() => send({ type: 'answerRepair', accepted: true })}
          >
            I accept it
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => send({ type: 'answerRepair', accepted: false })}
          >
            Not yet
          </button>
        </div>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
