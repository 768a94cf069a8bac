import { Account } from './screens/account/Account.tsx';
import { SignIn } from './screens/account/SignIn.tsx';
import { SignUp } from './screens/account/SignUp.tsx';
import { Home } from './screens/Home.tsx';
import { JoinRoom } from './screens/JoinRoom.tsx';

/** One app, switched on the path: the home page, a seat link (`/join#token=…`) and the therapist's account pages. */
export function App() {
  const path = window.location.pathname;
  if (path.startsWith('/join')) return <JoinRoom />;
  if (path === '/signin') return <SignIn />;
  if (path === '/signup') return <SignUp />;
  if (path === '/account') return <Account />;
  return <Home />;
}
