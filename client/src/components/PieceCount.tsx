/** From this share of the limit on, the counter says so gently (T38: the limit is never a surprise). */
const NEAR = 0.8;

/**
 * The soft counter under a piece: "a sentence or two" against the room's limit (T38). Quiet while
 * short, a gentle word from 80%, and plain once over (the send button then waits).
 */
export function PieceCount({ id, length, limit }: { id: string; length: number; limit: number }) {
  const over = length > limit;
  const near = !over && length >= Math.floor(limit * NEAR);
  return (
    <p id={id} className={over ? 'count over' : near ? 'count near' : 'count'}>
      {over
        ? `A little long — keep it to ${limit} characters and send the rest as another piece.`
        : near
          ? `${length} / ${limit} — a sentence or two is enough; the rest can be another piece.`
          : `${length} / ${limit}`}
    </p>
  );
}
