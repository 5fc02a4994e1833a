import { EVENT_TOPICS, TOPICS } from '@rcrp/events';
import { deadLetterCategoryOf } from './dead-letters';

describe('deadLetterCategoryOf', () => {
  it('an event of our own topics that does not decode or validate is an invalid internal event', () => {
    expect(deadLetterCategoryOf('validate', TOPICS.intakeEvents, EVENT_TOPICS)).toBe(
      'invalid-internal-event',
    );
    expect(deadLetterCategoryOf('decode', TOPICS.triageEvents, EVENT_TOPICS)).toBe('invalid-internal-event');
  });

  it("an external system's malformed report is routine; a handler's refusal is its own reason", () => {
    expect(deadLetterCategoryOf('validate', TOPICS.incidentsInbound, EVENT_TOPICS)).toBe('invalid-message');
    expect(deadLetterCategoryOf('handle', TOPICS.intakeEvents, EVENT_TOPICS)).toBe('handler-refused');
  });

  it('a record held behind an earlier dead letter of its incident is counted as parked, not as refused', () => {
    expect(deadLetterCategoryOf('parked', TOPICS.intakeEvents, EVENT_TOPICS)).toBe('parked');
  });
});
