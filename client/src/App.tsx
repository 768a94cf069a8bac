import { Home } from './screens/Home.tsx';
import { JoinRoom } from './screens/JoinRoom.tsx';

/** Two places: the home page (start a room) and an invite link (`/join#token=…`). */
export function App() {
  if (window.location.pathname.startsWith('/join')) return <JoinRoom />;
  return <Home />;
}
