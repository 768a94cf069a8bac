import {
  type CrisisLine,
  type CrisisResources,
  DEFAULT_CRISIS_RESOURCES,
  type PartnerSeat,
  type RoomState,
} from '../../../shared/index.ts';

/** The reader's country from their browser's language ("en-GB" → "GB"), if it names one. */
function readerCountry(): string | null {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const region = tag.split('-')[1];
    if (region && /^[A-Z]{2}$/.test(region.toUpperCase())) return region.toUpperCase();
  }
  return null;
}

/** One line as plain text: the operator's words, shown as written, never as markup or a live link. */
function lineText(line: CrisisLine): string {
  return [
    line.name,
    line.phone ? `call ${line.phone}` : '',
    line.sms ? `text ${line.sms}` : '',
    line.url ?? '',
    line.hours ?? '',
    line.note ?? '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * What to do now, on a partner's safety pause screen (issue 9 §4): the emergency sentence first,
 * their own safety plan if they wrote one (A12: it is theirs), and the operator's crisis lines — the
 * reader's country first — from `welcome.crisisResources` (docs/PROTOCOL.md §3.3).
 */
export function SafetyHelp(props: {
  state: RoomState;
  me: PartnerSeat;
  resources: CrisisResources | undefined;
}) {
  const resources = props.resources ?? DEFAULT_CRISIS_RESOURCES;
  const plan = props.state.safetyPlans[props.me]?.plan;
  const home = readerCountry();
  const countries = Object.keys(resources.countries).sort((x, y) =>
    x === home ? -1 : y === home ? 1 : x.localeCompare(y),
  );
  return (
    <section className="panel safety-help" aria-labelledby="safety-help-title">
      <h2 id="safety-help-title">What to do now</h2>
      <p className="emergency">
        <strong>{resources.emergency}</strong>
      </p>
      {plan && (plan.location || plan.emergencyContact) && (
        <div className="own-plan">
          <h3>Your safety plan</h3>
          <ul>
            {plan.location && <li>Where you are: {plan.location}</li>}
            {plan.emergencyContact && <li>Your emergency contact: {plan.emergencyContact}</li>}
          </ul>
        </div>
      )}
      {countries.length > 0 && (
        <div className="crisis-lines">
          <h3>People you can talk to</h3>
          {countries.map((country) => (
            <div key={country}>
              <p className="country">{country}</p>
              <ul>
                {(resources.countries[country] ?? []).map((line) => (
                  <li key={lineText(line)}>{lineText(line)}</li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
