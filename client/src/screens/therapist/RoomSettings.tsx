import { useState } from 'react';
import { LIMITS, type RoomState } from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useSend } from '../../room/hooks.ts';
import { ListenerResponseChoice } from './TherapistMoves.tsx';

/**
 * What the therapist sets for this couple during the session: the listener's response after the
 * summary (I27), the piece limit (T38, "a sentence or two", within the engine's bounds) and the
 * video-call link (T39). A refusal is the room's own
 * sentence, shown as it came.
 */
export function RoomSettings({ state }: { state: RoomState }) {
  const { send, error, busy } = useSend();
  const [limit, setLimit] = useState(String(state.pieceLimit));
  const [link, setLink] = useState('');
  const ended = state.stage === 'ended';
  const chars = Number(limit);
  const limitOk = Number.isInteger(chars) && chars >= LIMITS.pieceLimitMin && chars <= LIMITS.pieceChars;
  return (
    <section className="panel room-settings" aria-labelledby="room-settings-title">
      <h2 id="room-settings-title">Room settings</h2>
      <ListenerResponseChoice state={state} />
      <form
        className="setting-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (limitOk) await send({ type: 'setPieceLimit', chars });
        }}
      >
        <label htmlFor="piece-limit">Piece limit (characters)</label>
        <input
          id="piece-limit"
          className="chars"
          type="number"
          min={LIMITS.pieceLimitMin}
          max={LIMITS.pieceChars}
          value={limit}
          onChange={(e) => setLimit(e.target.value)}
          aria-describedby="piece-limit-now"
        />
        <button type="submit" disabled={busy || ended || !limitOk || chars === state.pieceLimit}>
          Set the limit
        </button>
        <span id="piece-limit-now" className="hint">
          Now {state.pieceLimit}; from {LIMITS.pieceLimitMin} to {LIMITS.pieceChars}.
        </span>
      </form>
      {state.videoLink ? (
        <p className="video-now">
          <a href={state.videoLink} target="_blank" rel="noopener noreferrer">
            Join the video call
          </a>{' '}
          <span className="hint">(every seat has this link)</span>{' '}
          <button type="button" disabled={busy || ended} onClick={() => send({ type: 'clearVideoLink' })}>
            Remove the video link
          </button>
        </p>
      ) : null}
      <form
        className="setting-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await send({ type: 'setVideoLink', url: link.trim() })) setLink('');
        }}
      >
        <label htmlFor="video-link">Video-call link</label>
        <input
          id="video-link"
          type="text"
          spellCheck={false}
          autoComplete="off"
          inputMode="url"
          placeholder="https://…"
          value={link}
          onChange={(e) => setLink(e.target.value)}
          aria-describedby="video-link-hint"
        />
        <button type="submit" disabled={busy || ended || !link.trim()}>
          {state.videoLink ? 'Replace the link' : 'Set the link'}
        </button>
        <span id="video-link-hint" className="hint">
          Paste it from your telehealth platform (https:// only): the partners get a “Join the video call”
          button.
        </span>
      </form>
      <ErrorNote error={error} />
    </section>
  );
}
