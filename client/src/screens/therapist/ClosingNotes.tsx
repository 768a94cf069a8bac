import { otherPartner, PARTNER_SEATS, type RoomState } from '../../../../shared/index.ts';
import { partnerLabel, partnerName } from '../../components/names.ts';
import { hasRepair } from './roomStatus.ts';

/** T18 in the console: what each partner will do next time, their repair, and the other's answer. */
export function ClosingNotes({ state }: { state: RoomState }) {
  const seats = PARTNER_SEATS.filter((seat) => state.closing[seat]);
  return (
    <section className="panel closing-notes" aria-labelledby="closing-notes-title">
      <h2 id="closing-notes-title">Closing</h2>
      {seats.length === 0 && <p className="hint">Nothing shared yet.</p>}
      {seats.map((seat) => {
        const note = state.closing[seat];
        if (!note) return null;
        const other = partnerName(otherPartner(seat), state.partners);
        const repair = note.repair;
        return (
          <div key={seat} className="closing-seat">
            <h3>{partnerLabel(seat, state.partners)}</h3>
            <p>
              Next time: <q>{note.nextTime}</q>
            </p>
            {repair && hasRepair(note) && (
              <>
                <dl className="repair">
                  {repair.whatSetMeUp && <Item label="What set me up" text={repair.whatSetMeUp} />}
                  {repair.myPart && <Item label="My part" text={repair.myPart} />}
                  {repair.apology && <Item label="An apology" text={repair.apology} />}
                </dl>
                <p className={note.repairAccepted === undefined ? 'notice waiting' : 'notice'}>
                  {note.repairAccepted === undefined
                    ? `No answer from ${other} yet.`
                    : note.repairAccepted
                      ? `${other} accepted it.`
                      : `${other} is not ready to accept it yet.`}
                </p>
              </>
            )}
          </div>
        );
      })}
    </section>
  );
}

function Item({ label, text }: { label: string; text: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{text}</dd>
    </>
  );
}
