// Every style sheet is in the first load, in this order: the cascade the screens were written
// against (later sheets win ties). Screens are loaded when opened (lazyScreen.tsx) but their classes
// are shared across screens (the partner's room uses some of console.css), and all of it is ~5 KB
// compressed, so no screen's styles wait for its chunk and nothing flashes unstyled.
import './styles/passkeys.css';
import './styles/account.css';
import './styles/names.css';
import './styles/partner.css';
import './styles/parts.css';
import './styles/practice.css';
import './styles/breathe.css';
import './styles/listening.css';
import './styles/contract.css';
import './styles/repair.css';
import './styles/moves.css';
import './styles/console.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

const root = document.getElementById('root');
if (root) {
  // Replaces the shell index.html shows until now ("Opening the room…").
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
