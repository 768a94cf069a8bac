import { Account } from './screens/account/Account.tsx';
import { SignIn } from './screens/account/SignIn.tsx';
import { SignUp } from './screens/account/SignUp.tsx';
import { CoupleHome } from './screens/CoupleHome.tsx';
import { Home } from './screens/Home.tsx';
import { JoinRoom } from './screens/JoinRoom.tsx';
import { CouplePage } from './screens/practice/CouplePage.tsx';
import { Couples } from './screens/practice/Couples.tsx';
import { SessionRecordPage, sessionRecordRoomId } from './screens/practice/SessionRecord.tsx';

/**
 * One app, switched on the path: the home page, a seat link (`/join#token=…`), a couple's home
 * (`/home#token=…`), the therapist's account pages, their couples (`/practice`,
 * `/practice/couples/:id`), and a session's record (print view).
 */
export function App() {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  if (path.startsWith('/join')) return <JoinRoom />;
  if (path === '/home') return <CoupleHome />;
  if (path === '/signin') return <SignIn />;
  if (path === '/signup') return <SignUp />;
  if (path === '/account') return <Account />;
  if (path === '/practice') return <Couples />;
  const couple = /^\/practice\/couples\/([^/]+)$/.exec(path)?.[1];
  if (couple) return <CouplePage id={decodeURIComponent(couple)} />;
  const recordOf = sessionRecordRoomId(window.location.pathname);
  if (recordOf) return <SessionRecordPage roomId={recordOf} />;
  return <Home />;
}
