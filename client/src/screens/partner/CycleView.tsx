import { linkWords, type PartnerSeat, type RoomState } from '../../../../shared/index.ts';
import { partnerName } from '../../components/names.ts';
import '../../styles/repair.css';

/**
 * The dance of the protectors as this partner may see it (issue 11 §6, shared/SPEC.md I35, I36):
 * the view already holds only the links about a part they named, and the other's part without its
 * name unless it was shown to them — so this only says it: "the critic (you) → sets off → a part of Alex".
 */
export function CycleView({ state, me }: { state: RoomState; me: PartnerSeat }) {
  if (state.cycleMap.length === 0) return null;
  const name = (seat: PartnerSeat) => (seat === me ? 'you' : partnerName(seat, state.partners));
  return (
    <section className="panel cycle-view" aria-labelledby="cycle-view-title">
      <h2 id="cycle-view-title">How your parts dance</h2>
      <p className="hint">What your therapist noticed: one part sets off the other.</p>
      <ul className="cycle-links">
        {state.cycleMap.map((link) => (
          <li key={link.seq}>{linkWords(link.from, link.to, name)}</li>
        ))}
      </ul>
    </section>
  );
}
