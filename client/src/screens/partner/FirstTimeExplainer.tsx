import { useEffect, useState } from 'react';
import type { RoundStep } from '../../../../shared/index.ts';
import { STEP_COPY } from '../../steps.ts';

const KEY = 'dialogue-room:seen-steps';

/** In practice, a short explanation of each step the first time it appears on this device. */
export function FirstTimeExplainer({ step }: { step: RoundStep }) {
  const [seen, setSeen] = useState<string[]>(() => JSON.parse(localStorage.getItem(KEY) ?? '[]') as string[]);
  const first = !seen.includes(step);
  useEffect(() => {
    if (first) localStorage.setItem(KEY, JSON.stringify([...seen, step]));
  }, [first, seen, step]);
  if (!first) return null;
  return (
    <aside className="explainer" aria-label="About this step">
      <p>{STEP_COPY[step].explain}</p>
      <button type="button" onClick={() => setSeen([...seen, step])}>
        Got it
      </button>
    </aside>
  );
}
