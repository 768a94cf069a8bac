import type { LinkStatus } from '../room/connection.ts';

const LABEL: Record<LinkStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline — what you type is kept',
  closed: 'Disconnected',
  outdated: 'Needs a reload',
};

/** Always visible: is what I do reaching the room? */
export function ConnectionBadge({ status }: { status: LinkStatus }) {
  return (
    <output className={`badge status-${status}`} aria-live="polite" data-status={status}>
      <span className="dot" aria-hidden="true" />
      {LABEL[status]}
    </output>
  );
}
