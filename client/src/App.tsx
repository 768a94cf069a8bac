import { Suspense } from 'react';
import { LoadingScreen, lazyScreen } from './lazyScreen.tsx';
import { JoinRoom } from './screens/JoinRoom.tsx';
import { sessionRecordRoomId } from './screens/practice/sessionRecordPath.ts';

// A partner's seat link is the one page opened on a phone, often on a slow link, in a moment that
// matters: it is in the first load. Every other page is a chunk of its own (lazyScreen.tsx).
const Account = lazyScreen(() => import('./screens/account/Account.tsx').then((m) => m.Account));
const SignIn = lazyScreen(() => import('./screens/account/SignIn.tsx').then((m) => m.SignIn));
const SignUp = lazyScreen(() => import('./screens/account/SignUp.tsx').then((m) => m.SignUp));
const CoupleHome = lazyScreen(() => import('./screens/CoupleHome.tsx').then((m) => m.CoupleHome));
const Home = lazyScreen(() => import('./screens/Home.tsx').then((m) => m.Home));
const CouplePage = lazyScreen(() => import('./screens/practice/CouplePage.tsx').then((m) => m.CouplePage));
const Couples = lazyScreen(() => import('./screens/practice/Couples.tsx').then((m) => m.Couples));
const SessionRecordPage = lazyScreen(() =>
  import('./screens/practice/SessionRecord.tsx').then((m) => m.SessionRecordPage),
);

/**
 * One app, switched on the path: the home page, a seat link (`/join#token=…`), a couple's home
 * (`/home#token=…`), the therapist's account pages, their couples (`/practice`,
 * `/practice/couples/:id`), and a session's record (print view).
 */
export function App() {
  return (
    <Suspense fallback={<LoadingScreen />}>
      <Page />
    </Suspense>
  );
}

function Page() {
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
