import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import type { SeatLink } from '../token.ts';
import { RoomConnection } from './connection.ts';

const RoomContext = createContext<RoomConnection | null>(null);

/** Owns the seat's connection for as long as the room is on screen. */
export function RoomProvider({ link, children }: { link: SeatLink; children: ReactNode }) {
  const [connection, setConnection] = useState<RoomConnection | null>(null);
  useEffect(() => {
    const created = new RoomConnection(link);
    setConnection(created);
    return () => created.destroy();
  }, [link]);
  if (!connection) return null;
  return <RoomContext.Provider value={connection}>{children}</RoomContext.Provider>;
}

export function useConnection(): RoomConnection {
  const connection = useContext(RoomContext);
  if (!connection) throw new Error('useConnection outside RoomProvider');
  return connection;
}
