import fc from 'fast-check';
import { PRESENTING_CONCERNS, type PresentingConcern } from '@rcrp/events';
import { queuePriority } from './queue-priority';

describe('queuePriority', () => {
  it('puts threats to life first', () => {
    expect(queuePriority(['medical-emergency'])).toBeGreaterThan(queuePriority(['weapon']));
    expect(queuePriority(['weapon'])).toBeGreaterThan(queuePriority(['suicidal-ideation']));
    expect(queuePriority(['suicidal-ideation'])).toBeGreaterThan(
      queuePriority(['distress', 'intoxication', 'other']),
    );
  });

  it('raises a call for each further concern and is 0 without one', () => {
    expect(queuePriority(['suicidal-ideation', 'intoxication'])).toBe(
      queuePriority(['suicidal-ideation']) + 1,
    );
    expect(queuePriority([])).toBe(0);
  });

  const concerns = fc.array(fc.constantFrom<PresentingConcern>(...PRESENTING_CONCERNS), { maxLength: 12 });

  it('ignores order and repetition (property)', () => {
    fc.assert(
      fc.property(concerns, (list) => {
        expect(queuePriority([...list].reverse())).toBe(queuePriority(list));
        expect(queuePriority([...list, ...list])).toBe(queuePriority(list));
      }),
    );
  });

  it('never falls when a concern is added (property)', () => {
    fc.assert(
      fc.property(concerns, fc.constantFrom(...PRESENTING_CONCERNS), (list, extra) => {
        expect(queuePriority([...list, extra])).toBeGreaterThanOrEqual(queuePriority(list));
      }),
    );
  });
});
