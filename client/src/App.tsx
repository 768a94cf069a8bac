import { Home } from './screens/Home.tsx';
import { JoinRoom } from './screens/JoinRoom.tsx';
import { SessionRecordPage, sessionRecordRoomId } from './screens/practice/SessionRecord.tsx';

/** The home page (start a room), an invite link (`/join#token=…`), a session's record (print view). */
export function App() {
  if (window.location.pathname.startsWith('/join')) return <JoinRoom />;
  const recordOf = sessionRecordRoomId(window.location.pathname);
  if (recordOf) return <SessionRecordPage roomId={recordOf} />;
  return <Home />;
}
