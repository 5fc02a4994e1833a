import type { OutcomeEvent } from '@rcrp/events';
import { deciderSpec } from '../testing/decider-spec';
import { at, atPlaceOfSafety, command, DEADLINE, ev, incidentId } from '../testing/outcome-fixtures';
import { addHours, addMinutes } from '../time';
import { outcomeDecider } from './outcome-decider';
import { detentionDeadline, nextClockCheckAt } from './outcome-state';

const spec = deciderSpec(outcomeDecider);
const tick = (now: string, warningLeadMinutes?: number) => command('Tick', now, { warningLeadMinutes });
const stateOf = (events: OutcomeEvent[]) =>
  events.reduce(outcomeDecider.evolve, outcomeDecider.initialState());
const WARNING_AT = addHours(DEADLINE, -2);

const approaching = (noticedAt: string, deadline = DEADLINE, leadMinutes = 120): OutcomeEvent => ({
  type: 'DetentionDeadlineApproaching',
  data: { incidentId, deadline, noticedAt, leadMinutes },
});
const exceeded = (noticedAt: string, deadline = DEADLINE): OutcomeEvent => ({
  type: 'DetentionLimitExceeded',
  data: { incidentId, deadline, noticedAt },
});

describe('rule 7: the clock (Tick)', () => {
  it('says nothing before the warning time', () =>
    spec
      .given(atPlaceOfSafety())
      .when(tick(addMinutes(WARNING_AT, -1)))
      .thenNothing());

  it('warns 2 hours before the deadline by default', () =>
    spec
      .given(atPlaceOfSafety())
      .when(tick(WARNING_AT))
      .then([approaching(WARNING_AT)]));

  it('takes the warning lead time from the caller', () => {
    const early = addHours(DEADLINE, -4);
    spec
      .given(atPlaceOfSafety())
      .when(tick(early, 240))
      .then([approaching(early, DEADLINE, 240)]);
  });

  it('warns only once', () =>
    spec
      .given([...atPlaceOfSafety(), approaching(WARNING_AT)])
      .when(tick(addMinutes(WARNING_AT, 30)))
      .thenNothing());

  it('reports the limit exceeded at the deadline, once', () => {
    spec
      .given([...atPlaceOfSafety(), approaching(WARNING_AT)])
      .when(tick(DEADLINE))
      .then([exceeded(DEADLINE)]);
    spec
      .given([...atPlaceOfSafety(), approaching(WARNING_AT), exceeded(DEADLINE)])
      .when(tick(addHours(DEADLINE, 5)))
      .thenNothing();
  });

  it('gives only the limit notice when the deadline had already passed at the first tick', () => {
    const late = addHours(DEADLINE, 1);
    spec
      .given(atPlaceOfSafety())
      .when(tick(late))
      .then([exceeded(late)]);
    expect(nextClockCheckAt(stateOf([...atPlaceOfSafety(), exceeded(late)]))).toBeNull();
  });

  it('follows an extension', () => {
    const extendedDeadline = addHours(DEADLINE, 12);
    const extended = ev.extended(at(120), 12, extendedDeadline);
    spec
      .given([...atPlaceOfSafety(), extended])
      .when(tick(DEADLINE))
      .thenNothing();
    spec
      .given([...atPlaceOfSafety(), extended])
      .when(tick(extendedDeadline))
      .then([exceeded(extendedDeadline, extendedDeadline)]);
  });

  it('is silent before arrival, after the end, and with no detention', () => {
    spec
      .given([ev.detained(), ev.chosen()])
      .when(tick(addHours(at(5), 48)))
      .thenNothing();
    spec
      .given([...atPlaceOfSafety(), ev.ended(at(200))])
      .when(tick(DEADLINE))
      .thenNothing();
    spec.given([]).when(tick(DEADLINE)).thenNothing();
  });

  it('is not refused for a time before the last record (the scheduler may run behind)', () =>
    spec
      .given(atPlaceOfSafety())
      .when(tick(at(30)))
      .thenNothing());
});

describe('detentionDeadline and nextClockCheckAt (for the durable scheduler)', () => {
  it('is null until the clock starts', () => {
    expect(detentionDeadline(stateOf([ev.detained(), ev.chosen()]))).toBeNull();
    expect(nextClockCheckAt(stateOf([ev.detained(), ev.chosen()]))).toBeNull();
  });

  it('is 24 hours from arrival, plus any extension', () => {
    expect(detentionDeadline(stateOf(atPlaceOfSafety()))).toBe(DEADLINE);
    expect(
      detentionDeadline(stateOf([...atPlaceOfSafety(), ev.extended(at(120), 3, addHours(DEADLINE, 3))])),
    ).toBe(addHours(DEADLINE, 3));
  });

  it('points at the warning, then the deadline, then nothing', () => {
    expect(nextClockCheckAt(stateOf(atPlaceOfSafety()))).toBe(WARNING_AT);
    expect(nextClockCheckAt(stateOf(atPlaceOfSafety()), 30)).toBe(addMinutes(DEADLINE, -30));
    expect(nextClockCheckAt(stateOf([...atPlaceOfSafety(), approaching(WARNING_AT)]))).toBe(DEADLINE);
    expect(
      nextClockCheckAt(stateOf([...atPlaceOfSafety(), approaching(WARNING_AT), exceeded(DEADLINE)])),
    ).toBeNull();
    expect(nextClockCheckAt(stateOf([...atPlaceOfSafety(), ev.ended(at(200))]))).toBeNull();
  });
});
