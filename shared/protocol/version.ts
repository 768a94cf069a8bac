/** Bumped whenever a message or event changes shape; checked at the socket handshake. */
export const PROTOCOL_VERSION = 5;
