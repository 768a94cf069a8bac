import { useEffect, useState } from 'react';
import {
  type ClinicalRecordJson,
  ClinicalRecordJson as ClinicalRecordSchema,
  duration,
  interventionWords,
  type NamedPart,
  PART_KIND_WORDS,
  PART_SOURCE_WORDS,
  PARTNER_SEATS,
  type PartnerSeat,
  type SeatNames,
  type SessionSummary,
  STEP_WORDS,
  seatNames,
} from '../../../../shared/index.ts';
import { type Clock, clockIn } from '../../../../shared/markdown/clock.ts';
import { ListeningRecord } from './ListeningRecord.tsx';
import { RepairAndCycleRecord } from './RepairAndCycleRecord.tsx';
import './SessionRecord.css';
import { ContractRecord } from './ContractRecord.tsx';
import { SlowingDownRecord } from './SlowingDownRecord.tsx';

/**
 * The print view of a session's clinical record (R3): the JSON document rendered as a page a
 * therapist prints or saves as PDF. React renders every word as text, so nothing a person wrote can
 * become markup. Times are on the reader's clock (the zone is named on the page); the private notes
 * show only when the document carries them (the therapist's copy, R5).
 */
export function SessionRecord({ record, timeZone }: { record: ClinicalRecordJson; timeZone?: string }) {
  const { summary } = record;
  const clock = clockIn(timeZone);
  const name = seatNames(summary.present);
  const at = (ms: number) => clock.stamp(ms, summary.startedAt);
  const kind = summary.mode === 'therapy' ? 'Therapy session' : 'Practice session';
  return (
    <article className="session-record" aria-labelledby="session-record-title">
      <header>
        <h1 id="session-record-title">
          {kind} — {clock.day(summary.startedAt)}
        </h1>
        <Overview summary={summary} clock={clock} />
      </header>
      <section aria-labelledby="record-present">
        <h2 id="record-present">Who was there</h2>
        <Present summary={summary} />
      </section>
      <section aria-labelledby="record-rounds">
        <h2 id="record-rounds">Rounds</h2>
        <Rounds summary={summary} name={name} at={at} />
      </section>
      <section aria-labelledby="record-checkin">
        <h2 id="record-checkin">Check-in</h2>
        <CheckIns summary={summary} name={name} at={at} />
      </section>
      <section aria-labelledby="record-parts">
        <h2 id="record-parts">Parts named</h2>
        <Parts summary={summary} name={name} at={at} />
      </section>
      <ListeningRecord summary={summary} name={name} at={at} />
      <section aria-labelledby="record-interventions">
        <h2 id="record-interventions">Interventions</h2>
        {summary.interventions.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul>
            {summary.interventions.map((move, i) => (
              // The list never reorders: its index is a stable key.
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of past events
              <li key={i}>
                <time>{at(move.at)}</time> {interventionWords(move, name)}
                {/* I29: the witness's own words, as they wrote them. */}
                {move.words !== undefined && <q>{move.words}</q>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="record-safety">
        <h2 id="record-safety">Safety</h2>
        <Safety summary={summary} name={name} at={at} />
      </section>
      <section aria-labelledby="record-closing">
        <h2 id="record-closing">Closing and repair</h2>
        <Closing summary={summary} name={name} at={at} />
      </section>
      <SlowingDownRecord summary={summary} name={name} at={at} />
      {/* Part E (I37): repairs during the session, marks, the cycle map — each only when present. */}
      <RepairAndCycleRecord summary={summary} name={name} at={at} />
      {summary.mode === 'therapy' && (
        <section aria-labelledby="record-contract">
          <h2 id="record-contract">The contract</h2>
          <ContractRecord summary={summary} name={name} at={at} />
        </section>
      )}
      {record.therapistNotes === undefined ? null : (
        <section aria-labelledby="record-private-notes" className="record-private">
          <h2 id="record-private-notes">Therapist's private notes</h2>
          {record.therapistNotes.trim() ? <Words text={record.therapistNotes} /> : <p>—</p>}
        </section>
      )}
      <footer>
        <p>
          Record made {clock.day(record.generatedAt)}, {clock.time(record.generatedAt)}.
        </p>
      </footer>
    </article>
  );
}

interface Part {
  summary: SessionSummary;
  name: SeatNames;
  at: (ms: number) => string;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function Overview({ summary, clock }: { summary: SessionSummary; clock: Clock }) {
  const start = summary.startedAt;
  const end = summary.endedAt;
  const span =
    end === null
      ? `from ${clock.time(start)}; it had not ended when this record was made`
      : clock.day(start) === clock.day(end)
        ? `${clock.time(start)}–${clock.time(end)}`
        : `${clock.time(start)} to ${clock.day(end)}, ${clock.time(end)}`;
  return (
    <p className="record-overview">
      {clock.day(start)}, {span} (times in {clock.zone}). Length: {plural(summary.minutes, 'minute')}. The
      room was {summary.talk === 'spoken' ? 'spoken on a call, steps tapped in the room' : 'written'}.
    </p>
  );
}

function Present({ summary }: { summary: SessionSummary }) {
  if (summary.present.length === 0) return <p>Nobody joined.</p>;
  return (
    <ul>
      {summary.present.map((attendee) => (
        <li key={attendee.seat}>
          {attendee.seat === 'therapist'
            ? 'The therapist'
            : attendee.name === null
              ? `Partner ${attendee.seat}`
              : `${attendee.name}${attendee.pronouns ? ` (${attendee.pronouns})` : ''}, partner ${attendee.seat}`}
        </li>
      ))}
    </ul>
  );
}

function Rounds({ summary, name, at }: Part) {
  const spoke = PARTNER_SEATS.map((seat) => {
    const { spoken, setAside } = summary.pieces[seat];
    return `${name(seat)}: ${plural(spoken, 'piece')}${setAside ? ` (${setAside} set aside)` : ''}`;
  }).join('; ');
  return (
    <>
      <p>
        {summary.roundsCompleted} of {plural(summary.rounds.length, 'round')} completed.
      </p>
      <p>Who spoke: {spoke}.</p>
      {summary.rounds.length > 0 ? (
        <ol className="record-rounds">
          {summary.rounds.map((round) => (
            <li key={round.number}>
              <strong>Round {round.number}</strong>, from <time>{at(round.startedAt)}</time>:{' '}
              {round.speaker && round.listener
                ? `${name(round.speaker)} spoke, ${name(round.listener)} listened`
                : 'nobody took the floor'}
              ; {round.completed ? 'completed' : `not completed, stopped at ${STEP_WORDS[round.lastStep]}`}.
              <span className="record-steps">
                {' '}
                Steps: {round.stepsReached.map((step) => STEP_WORDS[step]).join(', ')}.
              </span>
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}

function CheckIns({ summary, name, at }: Part) {
  return (
    <ul>
      {PARTNER_SEATS.map((seat) => {
        const checkIn = summary.checkIns[seat];
        if (!checkIn) return <li key={seat}>{name(seat)} did not check in.</li>;
        if (checkIn.keptPrivate)
          return (
            <li key={seat}>
              <time>{at(checkIn.at)}</time> {name(seat)} checked in and kept it private.
            </li>
          );
        const details = [
          checkIn.selfEnergy === null ? 'no Self rating' : `Self energy ${checkIn.selfEnergy} of 10`,
          ...(checkIn.body ? [`felt in: ${checkIn.body}`] : []),
          ...(checkIn.parts.length ? [`parts: ${checkIn.parts.join(', ')}`] : []),
        ];
        return (
          <li key={seat}>
            <time>{at(checkIn.at)}</time> {name(seat)}: {details.join('; ')} (
            {checkIn.visibility === 'room' ? 'shared with the room' : 'shared with the therapist'}).
          </li>
        );
      })}
    </ul>
  );
}

function partLine(part: NamedPart): string {
  const kind = part.kind ? ` (${PART_KIND_WORDS[part.kind]})` : '';
  const felt = part.feltWhere ? `; felt in: ${part.feltWhere}` : '';
  const fears = part.fears ? `; fears: ${part.fears}` : '';
  return `${PART_SOURCE_WORDS[part.source]}: ${part.name}${kind}${felt}${fears}`;
}

function Parts({ summary, name, at }: Part) {
  return (
    <ul>
      {PARTNER_SEATS.map((seat) => {
        const parts = summary.partsNamed[seat];
        if (parts.length === 0) return <li key={seat}>{name(seat)}: none named in the room.</li>;
        return (
          <li key={seat}>
            {name(seat)}:
            <ul>
              {parts.map((part) => (
                <li key={`${part.at}-${part.source}-${part.name}`}>
                  <time>{at(part.at)}</time> {partLine(part)}
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}

function Safety({ summary, name, at }: Part) {
  const { pauses, safeWordAgreed, safetyPlanShared } = summary.safety;
  return (
    <>
      <p>{pauses.length === 0 ? 'No safety pause.' : `${plural(pauses.length, 'safety pause')}:`}</p>
      {pauses.length > 0 ? (
        <ul>
          {pauses.map((pause) => (
            <li key={pause.at}>
              <time>{at(pause.at)}</time> {name(pause.calledBy)} called the safe word: safety pause;{' '}
              {pause.resumedAt === null
                ? 'the room did not go on after it'
                : `resumed at ${at(pause.resumedAt)}, after ${duration(Math.round((pause.resumedAt - pause.at) / 1000))}`}
              .
            </li>
          ))}
        </ul>
      ) : null}
      <p>Safe words and safety plans:</p>
      <ul>
        {PARTNER_SEATS.map((seat: PartnerSeat) => (
          <li key={seat}>
            {name(seat)}: {safeWordAgreed[seat] ? 'agreed a safe word' : 'no safe word of their own'}
            {safetyPlanShared === null
              ? ''
              : safetyPlanShared[seat]
                ? '; shared a safety plan'
                : '; no safety plan shared'}
            .
          </li>
        ))}
      </ul>
    </>
  );
}

function Closing({ summary, name, at }: Part) {
  const { startedAt, reflections } = summary.closing;
  if (startedAt === null) return <p>The session did not reach the closing.</p>;
  return (
    <>
      <p>
        The closing began at <time>{at(startedAt)}</time>.
      </p>
      {PARTNER_SEATS.map((seat) => {
        const note = reflections[seat];
        const other = name(seat === 'A' ? 'B' : 'A');
        if (!note) return <p key={seat}>{name(seat)} gave no closing reflection.</p>;
        const repair = note.repair;
        return (
          <div key={seat} className="record-reflection">
            <h3>{name(seat)}</h3>
            <p>Next time:</p>
            <Words text={note.nextTime} />
            {repair ? (
              <>
                <p>{name(seat)} offered a repair.</p>
                <dl>
                  {(
                    [
                      ['What set me up', repair.whatSetMeUp],
                      ['My part', repair.myPart],
                      ['Apology', repair.apology],
                    ] as const
                  ).map(([label, text]) =>
                    text ? (
                      <div key={label}>
                        <dt>{label}</dt>
                        <dd>
                          <Words text={text} />
                        </dd>
                      </div>
                    ) : null,
                  )}
                </dl>
                <p>
                  {note.repairAccepted === null
                    ? `${other} has not answered the repair.`
                    : `${other} ${note.repairAccepted ? 'accepted' : 'did not accept'} the repair.`}
                </p>
              </>
            ) : (
              <p>{name(seat)} offered no repair.</p>
            )}
          </div>
        );
      })}
    </>
  );
}

/** Someone's own words, kept as they wrote them, line breaks included. */
function Words({ text }: { text: string }) {
  return <blockquote className="record-words">{text.trim()}</blockquote>;
}

type Loaded =
  | { state: 'loading' }
  | { state: 'loaded'; record: ClinicalRecordJson }
  | { state: 'failed'; message: string; signIn: boolean };

/**
 * `/practice/sessions/:roomId/record`: fetches the record as JSON with the therapist's cookie and
 * shows it with a Print button (the browser's print dialog also saves a PDF).
 */
export function SessionRecordPage({ roomId }: { roomId: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    void (async () => {
      try {
        const response = await fetch(`/api/sessions/${encodeURIComponent(roomId)}/record?format=json`, {
          credentials: 'same-origin',
          headers: { Accept: 'application/json' },
          signal: abort.signal,
        });
        if (!response.ok) {
          setLoaded({ state: 'failed', signIn: response.status === 401, message: failure(response.status) });
          return;
        }
        const parsed = ClinicalRecordSchema.safeParse(await response.json());
        setLoaded(
          parsed.success
            ? { state: 'loaded', record: parsed.data }
            : { state: 'failed', signIn: false, message: 'This record could not be read. Try again later.' },
        );
      } catch {
        if (!abort.signal.aborted)
          setLoaded({
            state: 'failed',
            signIn: false,
            message: 'The record could not be loaded. Check the connection.',
          });
      }
    })();
    return () => abort.abort();
  }, [roomId]);

  return (
    <main className="session-record-page">
      <nav className="record-actions" aria-label="Record">
        <a href="/practice">Back to my couples</a>
        {loaded.state === 'loaded' ? (
          <button type="button" onClick={() => window.print()}>
            Print or save as PDF
          </button>
        ) : null}
      </nav>
      {loaded.state === 'loading' ? <p role="status">Loading the record…</p> : null}
      {loaded.state === 'failed' ? (
        <div role="alert">
          <h1>The record is not available</h1>
          <p>{loaded.message}</p>
          {loaded.signIn ? <a href="/signin">Sign in</a> : null}
        </div>
      ) : null}
      {loaded.state === 'loaded' ? <SessionRecord record={loaded.record} /> : null}
    </main>
  );
}

function failure(status: number): string {
  if (status === 401) return 'Sign in as the therapist of this session to read its record.';
  if (status === 404) return 'There is no such session, or it is not one of yours.';
  if (status === 410) return 'This session has been deleted.';
  return 'The record could not be loaded. Try again later.';
}
