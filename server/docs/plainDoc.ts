import * as Y from 'yjs';

/**
 * A Y.Doc for the server's own use. Yjs names every new document with a random uuid — 31 random
 * numbers, each a `getRandomValues` call: 7 % of a restarted server's CPU while 3,300 documents
 * reconnected (bench/restartStorm.ts --profile). The server's documents are never subdocuments, so
 * their name is never read; the client id stays random, as Yjs needs.
 */
export function plainDoc(): Y.Doc {
  return new Y.Doc({ guid: 'dialogue-room' });
}
