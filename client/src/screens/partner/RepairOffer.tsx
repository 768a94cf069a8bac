import { useState } from 'react';
import {
  type RepairOffer as Offer,
  otherPartner,
  type PartnerSeat,
  type RoomState,
} from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { aboutPartner } from '../../components/names.ts';
import { useSend } from '../../room/hooks.ts';
import '../../styles/repair.css';

/**
 * A repair at any moment (issue 11 §6, shared/SPEC.md I30–I32): one tap opens three optional lines;
 * the other partner sees the offer at once and answers "Thank you, I accept" or "Not yet". It never
 * moves the round, so it sits below the step, folded away until wanted.
 */
export function RepairOffer({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const { send, error, busy } = useSend();
  const [open, setOpen] = useState(false);
  const [whatSetMeUp, setWhatSetMeUp] = useState('');
  const [myPart, setMyPart] = useState('');
  const [apology, setApology] = useState('');
  if (state.stage === 'ended') return null;
  const say = (text: string) => aboutPartner(text, me, state.partners);
  const theirs = state.repairOffers.find((o) => o.seat === otherPartner(me) && o.answer === null);
  const mine = state.repairOffers.filter((o) => o.seat === me).at(-1);
  // I30: offered during a round or the close, never while a lock holds (the engine says so too).
  const locked = state.pause !== null || state.uTurnRequests[me] !== undefined || state.directAccess !== null;
  // Their offer first: one repair in the air at a time keeps a hard moment to one line.
  const canOffer =
    (state.stage === 'round' || state.stage === 'closing') && !locked && mine?.answer !== null && !theirs;
  const words = {
    ...(whatSetMeUp.trim() ? { whatSetMeUp: whatSetMeUp.trim() } : {}),
    ...(myPart.trim() ? { myPart: myPart.trim() } : {}),
    ...(apology.trim() ? { apology: apology.trim() } : {}),
  };
  const empty = Object.keys(words).length === 0;
  const spoken = state.talk === 'spoken';
  if (!theirs && !mine && !canOffer) return null;
  return (
    <section className="panel repair" aria-labelledby="repair-title">
      <h2 id="repair-title" className="sr-only">
        Repair
      </h2>
      {theirs && (
        <div className="repair-incoming" role="status">
          <p className="repair-line">{say('Your partner offers a repair.')}</p>
          <OfferWords offer={theirs} />
          <div className="repair-answers">
            <button
              type="button"
              className="primary"
              disabled={busy || locked}
              onClick={() => send({ type: 'answerRepairOffer', offerSeq: theirs.seq, accepted: true })}
            >
              Thank you, I accept
            </button>
            <button
              type="button"
              disabled={busy || locked}
              onClick={() => send({ type: 'answerRepairOffer', offerSeq: theirs.seq, accepted: false })}
            >
              Not yet
            </button>
          </div>
        </div>
      )}
      {mine && <p className="repair-line">{say(answerWords(mine))}</p>}
      {canOffer && !open && (
        <button type="button" className="repair-open" onClick={() => setOpen(true)}>
          Offer a repair
        </button>
      )}
      {canOffer && open && (
        <form
          className="repair-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await send({ type: 'offerRepair', repair: words })) {
              setOpen(false);
              setWhatSetMeUp('');
              setMyPart('');
              setApology('');
            }
          }}
        >
          <p className="hint">
            {spoken ? 'Say it on the call; a line here is optional.' : 'One line is enough.'}
          </p>
          <label htmlFor="repair-set-up">What set me up</label>
          <input id="repair-set-up" value={whatSetMeUp} onChange={(e) => setWhatSetMeUp(e.target.value)} />
          <label htmlFor="repair-my-part">My part</label>
          <input id="repair-my-part" value={myPart} onChange={(e) => setMyPart(e.target.value)} />
          <label htmlFor="repair-apology">An apology</label>
          <input id="repair-apology" value={apology} onChange={(e) => setApology(e.target.value)} />
          <div className="repair-answers">
            <button type="submit" className="primary" disabled={busy || (empty && !spoken)}>
              {empty && spoken ? 'I offered it aloud' : 'Offer it'}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Not now
            </button>
          </div>
        </form>
      )}
      <ErrorNote error={error} />
    </section>
  );
}

function answerWords(offer: Offer): string {
  if (offer.answer === null) return 'Your repair is with your partner.';
  return offer.answer.accepted
    ? 'Your partner accepted your repair.'
    : 'Your partner is not ready to accept it yet.';
}

function OfferWords({ offer }: { offer: Offer }) {
  const { whatSetMeUp, myPart, apology } = offer.repair;
  if (!whatSetMeUp && !myPart && !apology) return <p className="hint">Said aloud, on the call.</p>;
  return (
    <>
      {whatSetMeUp && <blockquote>What set me up: “{whatSetMeUp}”</blockquote>}
      {myPart && <blockquote>My part: “{myPart}”</blockquote>}
      {apology && <blockquote>“{apology}”</blockquote>}
    </>
  );
}
