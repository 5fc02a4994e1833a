import { describeDuration, formatDuration, secondsSince } from './waiting-time';

describe('the waiting time', () => {
  const queuedAt = '2026-12-01T10:00:00.000Z';
  const at = (iso: string) => Date.parse(iso);

  it('counts whole seconds from queuedAt, so it ticks with the clock', () => {
    expect(secondsSince(queuedAt, at('2026-12-01T10:00:00.999Z'))).toBe(0);
    expect(secondsSince(queuedAt, at('2026-12-01T10:00:01.000Z'))).toBe(1);
    expect(secondsSince(queuedAt, at('2026-12-01T10:12:34.500Z'))).toBe(754);
  });

  it('never reads below zero when the browser clock is behind the server', () => {
    expect(secondsSince(queuedAt, at('2026-12-01T09:59:58Z'))).toBe(0);
  });

  it('reads 0 for a time it cannot parse', () => {
    expect(secondsSince('not a time', Date.now())).toBe(0);
  });

  it.each([
    [0, '0:00'],
    [7, '0:07'],
    [754, '12:34'],
    [3599, '59:59'],
    [3600, '1:00:00'],
    [3723, '1:02:03'],
    [90061, '25:01:01'],
  ])('shows %i seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it.each([
    [1, '1 second'],
    [7, '7 seconds'],
    [60, '1 minute'],
    [754, '12 minutes 34 seconds'],
    [3600, '1 hour'],
    [3723, '1 hour 2 minutes'],
  ])('says %i seconds as "%s" for screen readers', (seconds, words) => {
    expect(describeDuration(seconds)).toBe(words);
  });
});
