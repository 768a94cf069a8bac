import { STATUS_CODES } from 'node:http';
import type { ErrorCode } from '../../shared/index.ts';

/**
 * The one HTTP status of each error code, for REST answers and refused upgrades alike: nothing
 * answers with a status of its own, so a client can rely on either. A `Record` over every code, so a
 * new code cannot be added without choosing its status. docs/PROTOCOL.md §2.1 states it.
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unknown_command: 400,
  too_long: 400,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  not_allowed: 403,
  not_your_turn: 409,
  wrong_step: 409,
  paused: 409,
  not_admitted: 403,
  witness_locked: 409,
  direct_access: 409,
  in_u_turn: 409,
  already_done: 409,
  invalid_target: 409,
  session_ended: 410,
  protocol_version: 400,
  unauthorized: 401,
  token_expired: 401,
  token_revoked: 401,
  room_not_found: 404,
  not_found: 404,
  bad_credentials: 401,
  second_factor_required: 401,
  signup_closed: 403,
  bad_origin: 403,
  already_exists: 409,
  internal: 500,
  unavailable: 503,
  temporarily_unavailable: 503,
};

export function statusLine(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? 'Error'}`;
}
