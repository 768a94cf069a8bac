/**
 * What makes a safety pause impossible to miss beside a video call (issue 9 §4): a soft tone, the
 * tab's title and a system notification. Browsers let a page play sound only after a person has
 * interacted with it, and ask for notifications only from a person's click, so both are unlocked by
 * the therapist's own gestures, never on load.
 */

let audio: AudioContext | null = null;

/** Called from a click or key press: the one moment a browser lets a page start its audio. */
export function unlockSound(): void {
  if (typeof AudioContext === 'undefined') return;
  audio ??= new AudioContext();
  if (audio.state === 'suspended') void audio.resume();
}

/** Two short, soft rising tones; nothing if the page has had no gesture yet (the browser would refuse). */
export function playAlertTone(): boolean {
  if (!audio) return false;
  if (audio.state === 'suspended') void audio.resume();
  const start = audio.currentTime + 0.05;
  [660, 880].forEach((frequency, i) => {
    if (!audio) return;
    const at = start + i * 0.35;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    // A gentle envelope: no click at the start or the end of each tone.
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.2, at + 0.04);
    gain.gain.linearRampToValueAtTime(0, at + 0.3);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.32);
  });
  return true;
}

export type NotificationChoice = 'granted' | 'denied' | 'default' | 'unsupported';

export function notificationChoice(): NotificationChoice {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks for system notifications: only ever from the therapist's click on "Turn on safety alerts". */
export async function askForNotifications(): Promise<NotificationChoice> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

/** A system notification, where the therapist allowed them; clicking it brings the console forward. */
export function notifySafetyPause(body: string): void {
  if (notificationChoice() !== 'granted') return;
  try {
    const notification = new Notification('Safety pause', {
      body,
      tag: 'safety-pause',
      requireInteraction: true,
    });
    notification.onclick = () => {
      window.focus();
      notification.close();
    };
  } catch {
    // Some browsers allow notifications only from a service worker; the title and the tone still alert.
  }
}
