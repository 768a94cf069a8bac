import { Account } from './screens/account/Account.tsx';
import { SignIn } from './screens/account/SignIn.tsx';
import { SignUp } from './screens/account/SignUp.tsx';
import { Home } from './screens/Home.tsx';
import { JoinRoom } from './screens/JoinRoom.tsx';
import { SessionRecordPage, sessionRecordRoomId } from './screens/practice/SessionRecord.tsx';

/**
 * One app, switched on the path: the home page, a seat link (`/join#token=…`), the therapist's
 * account pages, and a session's record (print view).
 */
export function App() {
  const path = window.location.pathname;
  if (path.startsWith('/join')) return <JoinRoom />;
  if (path === '/signin') return <SignIn />;
  if (path === '/signup') return <SignUp />;
  if (path === '/account') return <Account />;
  const recordOf = sessionRecordRoomId(path);
  if (recordOf) return <SessionRecordPage roomId={recordOf} />;
  return <Home />;
}
