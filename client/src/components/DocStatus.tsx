import type { DocName } from '../room/connection.ts';
import { nearlyFullWarning } from '../room/docHealth.ts';
import { useDocHealth } from '../room/hooks.ts';

/**
 * Beside an editor: why its document stopped taking changes (the editor is read-only then), or a
 * quiet note that it is nearly full. Nothing while all is well.
 */
export function DocStatus({ name, id }: { name: DocName; id?: string }) {
  const { usedPercent, closedReason } = useDocHealth(name);
  if (closedReason) {
    return (
      <p id={id} role="alert" className="notice doc-closed">
        {closedReason}
      </p>
    );
  }
  const warning = nearlyFullWarning(name, usedPercent);
  return (
    <p id={id} role="status" className="hint doc-nearly-full">
      {warning ?? ''}
    </p>
  );
}
