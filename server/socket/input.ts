import {
  CLIENT_COMMAND_TYPES,
  ClientCommand,
  CommandEnvelope,
  type ErrorBody,
  errorBody,
  LIMITS,
} from '../../shared/index.ts';

export type ParsedCommand =
  | { ok: true; id: string; command: ClientCommand }
  | { ok: false; error: ErrorBody };

/**
 * The edge: everything a socket sends is checked here once, before the room sees it (S5). Errors
 * name the field and say what is wrong, never echo what was written.
 */
export function parseCommandPayload(payload: unknown): ParsedCommand {
  const size = serialisedSize(payload);
  if (size === null)
    return { ok: false, error: errorBody('bad_request', 'A command must be a JSON object.') };
  if (size > LIMITS.envelopeBytes) {
    return {
      ok: false,
      error: errorBody(
        'too_large',
        `A command can be at most ${LIMITS.envelopeBytes} bytes; this one is ${size}.`,
      ),
    };
  }
  const envelope = CommandEnvelope.safeParse(payload);
  if (!envelope.success) return { ok: false, error: fromIssue(envelope.error.issues[0]) };
  const type = (envelope.data.command as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') {
    return { ok: false, error: errorBody('bad_request', 'A command needs a "type".', 'command.type') };
  }
  if (!(CLIENT_COMMAND_TYPES as readonly string[]).includes(type)) {
    return {
      ok: false,
      error: errorBody('unknown_command', `The room does not know the action "${type.slice(0, 40)}".`),
    };
  }
  const command = ClientCommand.safeParse(envelope.data.command);
  if (!command.success) return { ok: false, error: fromIssue(command.error.issues[0], 'command') };
  return { ok: true, id: envelope.data.id, command: command.data };
}

function serialisedSize(payload: unknown): number | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  try {
    return Buffer.byteLength(JSON.stringify(payload));
  } catch {
    return null;
  }
}

type Issue =
  | { code: string; message: string; path: PropertyKey[]; origin?: string; keys?: string[] }
  | undefined;

function fromIssue(issue: Issue, prefix?: string): ErrorBody {
  if (!issue) return errorBody('bad_request');
  if (issue.code === 'unrecognized_keys' && issue.keys?.[0] !== undefined) {
    const field = issue.keys[0].slice(0, 40);
    const path = [prefix, ...issue.path.map(String), field].filter(Boolean).join('.');
    return errorBody('bad_request', `Unknown field "${field}".`, path);
  }
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  const code = issue.code === 'too_big' && issue.origin === 'string' ? 'too_long' : 'bad_request';
  return errorBody(code, issue.message, path || undefined);
}
