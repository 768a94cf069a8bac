import { useEffect, useRef, useState } from 'react';
import type { RoomState } from '../../../../shared/index.ts';
import { partnerName } from '../../components/names.ts';
import {
  askForNotifications,
  type NotificationChoice,
  notificationChoice,
  notifySafetyPause,
  playAlertTone,
  unlockSound,
} from './safetyAlert.ts';

const TITLE = 'Dialogue Room — therapist console';

/** Who called the safety pause, as a sentence; null when there is none. */
export function safetyCallers(state: RoomState): string | null {
  if (state.pause?.kind !== 'safety') return null;
  return state.pause.callers.map((seat) => partnerName(seat, state.partners)).join(' and ');
}

/**
 * T30: a safety pause reaches the therapist by the banner, the tab's title, a tone and a system
 * notification. Each new caller alerts once; the title stays until the therapist resumes.
 */
export function useSafetyAlert(state: RoomState): void {
  const callers = safetyCallers(state);
  const alerted = useRef<string | null>(null);
  const pause = state.pause;
  const key = pause?.kind === 'safety' ? `${pause.at}:${pause.callers.join(',')}` : null;
  useEffect(() => {
    // Any click or key press on the console is a gesture that lets it play the tone later.
    window.addEventListener('pointerdown', unlockSound, true);
    window.addEventListener('keydown', unlockSound, true);
    return () => {
      window.removeEventListener('pointerdown', unlockSound, true);
      window.removeEventListener('keydown', unlockSound, true);
    };
  }, []);
  useEffect(() => {
    document.title = callers ? `⚠ Safety pause — ${callers} called it · Dialogue Room` : TITLE;
  }, [callers]);
  useEffect(() => {
    if (key === null || alerted.current === key) return;
    alerted.current = key;
    playAlertTone();
    notifySafetyPause(`${callers} called a safety pause. Everything has stopped.`);
  }, [key, callers]);
}

/** The button that asks for notifications (never on load) and unlocks the tone; then what is on. */
export function AlertsToggle() {
  const [choice, setChoice] = useState<NotificationChoice | null>(null);
  if (choice === null) {
    return (
      <button
        type="button"
        className="quiet"
        onClick={async () => {
          unlockSound();
          setChoice(notificationChoice());
          setChoice(await askForNotifications());
        }}
      >
        Turn on safety alerts
      </button>
    );
  }
  const notifications =
    choice === 'granted'
      ? 'with sound and notifications'
      : choice === 'unsupported'
        ? 'with sound (this browser has no notifications)'
        : 'with sound (notifications are blocked in this browser)';
  return (
    <output className="alerts-on" aria-live="polite">
      Safety alerts are on, {notifications}.
    </output>
  );
}
