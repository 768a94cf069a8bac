import type { WebSocket } from 'ws';
import { DOC_CLOSE, readDocAuthFrame } from '../../shared/index.ts';

/** Frames a client may send after its auth message while it is being checked. */
const MAX_EARLY_FRAMES = 64;

/**
 * The first moments of a document connection (D11): nothing is sent to it and nothing it sends is
 * handled until its first frame — the auth message with the seat token — has been checked. Frames
 * that follow the auth message meanwhile are kept, in order, for the connection that takes over.
 */
export class AuthGate {
  /** The token of the auth message, or null when the client closed, timed out or sent something else. */
  readonly token: Promise<string | null>;
  private readonly early: Uint8Array[] = [];
  private state: 'waiting' | 'checking' | 'closed' | 'handed-over' = 'waiting';
  private settle: (token: string | null) => void = () => undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly onMessage = (data: Buffer) => this.received(new Uint8Array(data));
  private readonly onClose = () => this.end(null);

  constructor(
    readonly ws: WebSocket,
    timeoutMs: number,
  ) {
    this.token = new Promise((resolve) => {
      this.settle = resolve;
    });
    ws.on('message', this.onMessage);
    ws.on('close', this.onClose);
    this.timer = setTimeout(
      () => this.refuse(DOC_CLOSE.authTimeout, 'No auth message arrived in time.'),
      timeoutMs,
    );
    this.timer.unref();
  }

  /** Hands the socket over: the frames that came after the auth message, or null if it is gone. */
  handOver(): Uint8Array[] | null {
    this.ws.off('message', this.onMessage);
    this.ws.off('close', this.onClose);
    clearTimeout(this.timer);
    if (this.state === 'closed' || this.ws.readyState !== this.ws.OPEN) return null;
    this.state = 'handed-over';
    return this.early;
  }

  /** Closes with a code the stock client understands; a client that does not answer is cut. */
  refuse(code: number, reason: string): void {
    closeDocSocket(this.ws, code, reason);
    this.end(null);
  }

  private received(bytes: Uint8Array) {
    if (this.state === 'checking') {
      if (this.early.length >= MAX_EARLY_FRAMES)
        return this.refuse(DOC_CLOSE.tooLarge, 'Too many messages at once.');
      this.early.push(bytes);
      return;
    }
    if (this.state !== 'waiting') return;
    const token = readDocAuthFrame(bytes);
    if (token === null)
      return this.refuse(DOC_CLOSE.badMessage, 'The first message must be the auth message.');
    this.state = 'checking';
    clearTimeout(this.timer);
    this.settle(token);
  }

  private end(token: null) {
    clearTimeout(this.timer);
    if (this.state !== 'handed-over') this.state = 'closed';
    this.settle(token);
  }
}

/** Close, then cut a client that never completes the close handshake (or has stopped reading). */
export function closeDocSocket(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
  setTimeout(() => ws.terminate(), 1_000).unref();
}
