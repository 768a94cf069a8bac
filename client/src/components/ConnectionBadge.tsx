import type { LinkStatus } from '../room/connection.ts';

const LABEL: Record<LinkStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline — what you type is kept',
  closed: 'Disconnected',
  outdated: 'Needs a reload',
};

/**
 * Always visible: is what I do reaching the room? `quiet`: while all is well only the dot shows (the
 * word stays for screen readers), so a pinned header on a phone keeps one short row.
 */
export function ConnectionBadge({ status, quiet = false }: { status: LinkStatus; quiet?: boolean }) {
  return (
    <output className={`badge status-${status}`} aria-live="polite" data-status={status}>
      <span className="dot" aria-hidden="true" />
      {quiet && status === 'connected' ? <span className="sr-only">{LABEL[status]}</span> : LABEL[status]}
    </output>
  );
}
