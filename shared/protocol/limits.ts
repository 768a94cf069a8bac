/**
 * Caps on what one message may carry. PREP asks for short pieces ("a sentence or two"), so a piece
 * is capped well below what a person would write in a letter; a long message is better split.
 */
export const LIMITS = {
  /** One piece of speech, a reflection, a summary, a validation, … */
  pieceChars: 800,
  /**
   * A room's own limit on a piece and a correction (T38): "a sentence or two". The therapist sets it
   * between the bounds; `pieceChars` stays the cap of every other text of a step.
   */
  pieceLimitDefault: 300,
  pieceLimitMin: 80,
  /** "Not now — in ten minutes" (T7): how far ahead a listener may name the time, in minutes. */
  laterMaxMinutes: 24 * 60,
  /** The session's video-call link (T39): long enough for any telehealth platform's room address. */
  videoLinkChars: 2048,
  /** A partner's display name and pronouns (N1), after trimming. */
  partnerNameChars: 40,
  pronounsChars: 24,
  /** Short labels: a part's name, where it is felt, a topic, a safe word. */
  labelChars: 120,
  /** Free text that is not a piece of speech: what a part fears, a request, a repair. */
  noteChars: 1000,
  /** Parts noticed at check-in. */
  checkInParts: 12,
  /** A whole command envelope, serialised. Larger ones are refused before parsing. */
  envelopeBytes: 16 * 1024,
  /** Timer bounds, in seconds. */
  timerMinSeconds: 10,
  timerMaxSeconds: 2 * 60 * 60,
  /** A practice time-out asks the couple to come back within a day (PREP). */
  timeOutMs: 24 * 60 * 60 * 1000,
  /** How many missed events a reconnecting client is sent one by one before it gets a snapshot. */
  replayMaxEvents: 1000,
  /** One y-websocket frame; larger frames close the connection (ws `maxPayload`). */
  docFrameBytes: 1024 * 1024,
  /** One Yjs update from a client; a larger one is refused (a whole offline session fits easily). */
  docUpdateBytes: 512 * 1024,
  /** One awareness state (who is here, who is typing), serialised. */
  awarenessStateBytes: 2 * 1024,
  /** Open socket.io connections one seat may have at once (tabs, devices), in one server process. */
  socketsPerSeat: 6,
  /** Open connections one seat may have to one document at once. */
  docConnectionsPerSeat: 6,
  /** Open connections one document may have at once, all seats together. */
  docConnectionsPerDoc: 16,
  /** How long a new document connection has to send its auth message. */
  docAuthTimeoutMs: 10_000,
  /** Link re-issues per seat per hour (a therapist replacing a lost link is one or two). */
  reissuesPerSeatPerHour: 10,
} as const;
