import { z } from 'zod';

/**
 * Every reason a command, a connection or a request can be refused. Codes are for programs; the
 * default messages are plain sentences a partner can read in a hard moment.
 */
export const ERROR_MESSAGES = {
  // Input
  bad_request: 'That message could not be understood.',
  unknown_command: 'The room does not know that action.',
  too_long: 'That text is too long.',
  too_large: 'That message is too large.',
  unsupported_media_type: 'Send the body as UTF-8 JSON.',
  rate_limited: 'Too many actions at once. Take a breath and try again in a moment.',
  // Who and when
  not_allowed: 'Your seat cannot do that here.',
  not_your_turn: 'It is not your turn for this step.',
  wrong_step: 'That does not belong to the step the room is in.',
  paused: 'The room is paused. It will continue where it stopped.',
  not_admitted: 'The therapist has not let you in yet.',
  witness_locked: 'You are witnessing right now; the therapist is talking with your partner.',
  direct_access: 'The therapist is talking with your part right now.',
  in_u_turn: 'Take a moment for your U-turn first: notice and name the part.',
  already_done: 'That has already been done.',
  invalid_target: 'That is not possible from here.',
  session_ended: 'This session has ended.',
  // Connection and tokens
  protocol_version: 'This app is out of date. Reload the page.',
  unauthorized: 'This link is not valid.',
  token_expired: 'This link has expired. Ask for a new one.',
  token_revoked: 'This link was replaced by a newer one. Ask for the new link.',
  room_not_found: 'This room does not exist.',
  not_found: 'There is nothing at this address.',
  // Accounts (therapists sign in; docs/PROTOCOL.md §2.6)
  bad_credentials: 'That email and password do not match an account.',
  second_factor_required: 'Enter the code from your authenticator app.',
  signup_closed: 'New accounts cannot be made here. Ask for an invite.',
  bad_origin: 'This request did not come from this site.',
  already_exists: 'That already exists.',
  // Server
  internal: 'Something went wrong on our side. Your last action was not saved; try again.',
  unavailable: 'The server is restarting; try again in a moment.',
  temporarily_unavailable:
    'The room cannot save anything right now, so your last action may not have gone through. Try again in a moment.',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
export const ErrorCode = z.enum(Object.keys(ERROR_MESSAGES) as [ErrorCode, ...ErrorCode[]]);

export const ErrorBody = z.strictObject({
  code: ErrorCode,
  message: z.string(),
  /** Where in a malformed message the problem is, e.g. `command.text`. */
  path: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export function errorBody(code: ErrorCode, message?: string, path?: string): ErrorBody {
  return path === undefined
    ? { code, message: message ?? ERROR_MESSAGES[code] }
    : { code, message: message ?? ERROR_MESSAGES[code], path };
}
