import type { ErrorCode } from '../protocol/errors.ts';

/**
 * How the server closes a document connection (SPEC D9–D14). Codes 4400–4499 mirror HTTP 4xx and
 * tell the stock y-websocket client not to reconnect (retrying cannot help); 1001, 1011 and 1013 are
 * retried with backoff. The close reason is a sentence a person can read ("These notes are full.").
 */
export const DOC_CLOSE = {
  /** The server is stopping; reconnect (to the next instance). */
  goingAway: 1001,
  /** The server could not load or save; reconnect, the client keeps its change and sends it again. */
  internal: 1011,
  /** Writing too fast; reconnect after a moment, nothing is lost. */
  tryAgainLater: 1013,
  /** A malformed frame, an unknown message type, or a first frame that is not the auth message. */
  badMessage: 4400,
  /** No valid seat token: forged, expired, replaced, or access changed since the connection opened. */
  unauthorized: 4401,
  /** The seat may not open this document, or may not change it. */
  forbidden: 4403,
  /** No such room. */
  notFound: 4404,
  /** The auth message did not arrive in time. */
  authTimeout: 4408,
  /** The session ended and its export window is over: nothing is readable any more. */
  gone: 4410,
  /** An update over the size cap, or a document or room that is full. */
  tooLarge: 4413,
  /** Too many connections for this seat or this document. */
  tooMany: 4429,
} as const;

/** The close code a refusal with this error code is sent with. */
export const DOC_CLOSE_FOR: Record<ErrorCode, number> = {
  bad_request: DOC_CLOSE.badMessage,
  unknown_command: DOC_CLOSE.badMessage,
  too_long: DOC_CLOSE.tooLarge,
  too_large: DOC_CLOSE.tooLarge,
  unsupported_media_type: DOC_CLOSE.badMessage,
  rate_limited: DOC_CLOSE.tooMany,
  not_allowed: DOC_CLOSE.forbidden,
  not_your_turn: DOC_CLOSE.forbidden,
  wrong_step: DOC_CLOSE.forbidden,
  paused: DOC_CLOSE.forbidden,
  not_admitted: DOC_CLOSE.forbidden,
  witness_locked: DOC_CLOSE.forbidden,
  direct_access: DOC_CLOSE.forbidden,
  in_u_turn: DOC_CLOSE.forbidden,
  already_done: DOC_CLOSE.forbidden,
  invalid_target: DOC_CLOSE.forbidden,
  session_ended: DOC_CLOSE.gone,
  protocol_version: DOC_CLOSE.badMessage,
  unauthorized: DOC_CLOSE.unauthorized,
  token_expired: DOC_CLOSE.unauthorized,
  token_revoked: DOC_CLOSE.unauthorized,
  room_not_found: DOC_CLOSE.notFound,
  not_found: DOC_CLOSE.notFound,
  // Account codes are REST-only; listed so the table stays total.
  bad_credentials: DOC_CLOSE.unauthorized,
  second_factor_required: DOC_CLOSE.unauthorized,
  signup_closed: DOC_CLOSE.forbidden,
  bad_origin: DOC_CLOSE.forbidden,
  already_exists: DOC_CLOSE.forbidden,
  internal: DOC_CLOSE.internal,
  unavailable: DOC_CLOSE.goingAway,
  temporarily_unavailable: DOC_CLOSE.goingAway,
};
