/**
 * Caps on what one message may carry. PREP asks for short pieces ("a sentence or two"), so a piece
 * is capped well below what a person would write in a letter; a long message is better split.
 */
export const LIMITS = {
  /** One piece of speech, a reflection, a summary, a validation, … */
  pieceChars: 800,
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
} as const;
