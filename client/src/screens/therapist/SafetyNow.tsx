import {
  type CrisisResources,
  DEFAULT_CRISIS_RESOURCES,
  PARTNER_SEATS,
  type RoomState,
} from '../../../../shared/index.ts';
import { partnerLabel } from '../../components/names.ts';
import { useRoom } from '../../room/hooks.ts';
import { whereToday } from './contractStatus.ts';

/**
 * What to do now, under the safety pause banner (issue 9 §4, T30, S17): each calling partner's own
 * safety plan — where they are, their emergency contact — which only the therapist holds, then the
 * crisis resources from the room's welcome, the emergency sentence first. Everything is plain text.
 */
export function SafetyNow({ state }: { state: RoomState }) {
  const resources = useRoom().welcome?.crisisResources ?? DEFAULT_CRISIS_RESOURCES;
  if (state.pause?.kind !== 'safety') return null;
  const callers = PARTNER_SEATS.filter(
    (seat) => state.pause?.kind === 'safety' && state.pause.callers.includes(seat),
  );
  return (
    <section
      className="safety-now"
      aria-labelledby="safety-now-title"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls when the operator lists many lines (WCAG 2.1.1)
      tabIndex={0}
    >
      <h2 id="safety-now-title">What to do now</h2>
      <ul className="plans">
        {callers.map((seat) => {
          const plan = state.safetyPlans[seat]?.plan;
          // I44: where they said they are today comes first; the plan's location otherwise.
          const where = whereToday(state, seat);
          return (
            <li key={seat}>
              <strong>{partnerLabel(seat, state.partners)}</strong>
              {where || plan?.emergencyContact ? (
                <>
                  {' '}
                  is at:{' '}
                  {where
                    ? `${where.location}${where.confirmedToday ? ' (confirmed today)' : ''}`
                    : 'not given'}{' '}
                  · emergency contact: {plan?.emergencyContact ?? 'not given'}
                </>
              ) : (
                ' shared no safety plan: ask where they are and who can be with them.'
              )}
            </li>
          );
        })}
      </ul>
      <CrisisLines resources={resources} />
    </section>
  );
}

function CrisisLines({ resources }: { resources: CrisisResources }) {
  const countries = Object.entries(resources.countries);
  return (
    <div className="crisis">
      <p className="emergency">{resources.emergency}</p>
      {countries.length > 0 && (
        <dl>
          {countries.map(([country, lines]) => (
            <div key={country}>
              <dt>{country}</dt>
              {lines.map((line) => (
                <dd key={`${line.name}-${line.phone ?? line.sms ?? line.url}`}>
                  {line.name}
                  {line.phone ? ` · call ${line.phone}` : ''}
                  {line.sms ? ` · text ${line.sms}` : ''}
                  {line.url ? ` · ${line.url}` : ''}
                  {line.hours ? ` · ${line.hours}` : ''}
                  {line.note ? ` · ${line.note}` : ''}
                </dd>
              ))}
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
