import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The first frame of every document connection: the seat token, sent after the WebSocket opens
 * rather than in the URL, so no long-lived credential is ever part of an address that proxies,
 * load balancers or the stock client's own console messages would record (SPEC D11). It uses
 * y-websocket's `auth` message type (2) with a subtype of its own: `1` = seat token.
 */
export const DOC_AUTH = { messageType: 2, tokenSubtype: 1 } as const;

export function docAuthFrame(token: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, DOC_AUTH.messageType);
  encoding.writeVarUint(encoder, DOC_AUTH.tokenSubtype);
  encoding.writeVarString(encoder, token);
  return encoding.toUint8Array(encoder);
}

/** The token of an auth frame, or null when the frame is anything else. Never throws. */
export function readDocAuthFrame(frame: Uint8Array): string | null {
  try {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== DOC_AUTH.messageType) return null;
    if (decoding.readVarUint(decoder) !== DOC_AUTH.tokenSubtype) return null;
    const token = decoding.readVarString(decoder);
    return decoding.hasContent(decoder) || token.length === 0 || token.length > 4096 ? null : token;
  } catch {
    return null;
  }
}
