import '../../../client/src/styles.css';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { MyParts } from '../../../client/src/screens/home/MyParts.tsx';
import { CoupleParts } from '../../../client/src/screens/practice/CoupleParts.tsx';
import type { LedgerPart, PartnerSeat } from '../../../shared/index.ts';

/*
 * The parts screens on a page of their own, for tests/e2e/parts.test.ts: they are built as standalone
 * components and mounted into the couple's home and the therapist's couple page elsewhere. The page
 * reads who it is for from its fragment, as the real pages do: `#token=<home token>&partner=…&own=…`
 * for a partner, `#couple=<id>` for the therapist (signed in by cookie; the couple's page answer
 * carries `parts`).
 */
const params = new URLSearchParams(window.location.hash.slice(1));

interface CoupleAnswer {
  couple: { partners: Record<PartnerSeat, { name: string }> };
  parts: Record<PartnerSeat, LedgerPart[]>;
}

function TherapistView(props: { coupleId: string }) {
  const [answer, setAnswer] = useState<CoupleAnswer | null>(null);
  useEffect(() => {
    void fetch(`/api/couples/${encodeURIComponent(props.coupleId)}`)
      .then((res) => res.json())
      .then(setAnswer);
  }, [props.coupleId]);
  if (!answer) return <p className="loading">Loading…</p>;
  const { partners } = answer.couple;
  return <CoupleParts parts={answer.parts} names={{ A: partners.A.name, B: partners.B.name }} />;
}

function Harness() {
  const token = params.get('token');
  const coupleId = params.get('couple');
  return (
    <main className={coupleId ? 'page practice-page' : 'page'}>
      <h1>{coupleId ? 'A couple' : 'Your home'}</h1>
      {token && (
        <MyParts token={token} partnerName={params.get('partner') ?? ''} ownName={params.get('own') ?? ''} />
      )}
      {coupleId && <TherapistView coupleId={coupleId} />}
    </main>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<Harness />);
