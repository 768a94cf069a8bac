import { useCallback } from 'react';
import { practiceApi } from '../../practice/api.ts';
import { coupleName, formatWhen, partnerLabel } from '../../practice/format.ts';
import { useLoad } from '../../practice/useLoad.ts';
import { CoupleAssignments } from './CoupleAssignments.tsx';
import { CoupleConfidentiality } from './CoupleConfidentiality.tsx';
import { CoupleDetails, DeleteCouple, ReplaceHomeLinks } from './CoupleDetails.tsx';
import { CoupleExport } from './CoupleExport.tsx';
import { CoupleParts } from './CoupleParts.tsx';
import { CouplePractices } from './CouplePractices.tsx';
import { CoupleSessions } from './CoupleSessions.tsx';
import { TherapistFrame, TherapistRefusal } from './TherapistFrame.tsx';

/** `/practice/couples/:id`: one couple — sessions, practice, assignments, their links (issue 10 §2–§3). */
export function CouplePage({ id }: { id: string }) {
  const load = useCallback(() => practiceApi.couple(id), [id]);
  const [loaded, reload] = useLoad(load);

  if (loaded.state === 'failed') return <TherapistRefusal code={loaded.code} message={loaded.message} />;
  if (loaded.state === 'loading') {
    return (
      <TherapistFrame busy>
        <p className="loading">Loading…</p>
      </TherapistFrame>
    );
  }
  const { couple, sessions, practices, assignments, parts } = loaded.data;
  const { partners } = couple;
  return (
    <TherapistFrame>
      <header className="couple-head">
        <h1>{coupleName(partners)}</h1>
        <p className="lead">
          {partnerLabel(partners.A)} · {partnerLabel(partners.B)}
        </p>
        <p>
          Next session:{' '}
          <strong>{couple.nextSessionAt === null ? 'not set' : formatWhen(couple.nextSessionAt)}</strong>
        </p>
      </header>
      <div className="couple-columns">
        <div>
          <CoupleSessions couple={couple} sessions={sessions} reload={reload} />
          <CouplePractices couple={couple} practices={practices} assignments={assignments} reload={reload} />
          <CoupleParts parts={parts} names={{ A: partners.A.name, B: partners.B.name }} />
        </div>
        <div>
          <CoupleAssignments couple={couple} assignments={assignments} reload={reload} />
          <CoupleDetails couple={couple} reload={reload} />
          <CoupleConfidentiality couple={couple} reload={reload} />
          <ReplaceHomeLinks couple={couple} />
          <CoupleExport couple={couple} />
          <DeleteCouple couple={couple} />
        </div>
      </div>
    </TherapistFrame>
  );
}
