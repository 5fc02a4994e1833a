import { londonOffsetMs, startOfLondonDay } from './london-day';

describe('startOfLondonDay: a date means the start of that day in London', () => {
  it.each([
    ['winter (GMT): midnight UTC', '2026-12-01', '2026-12-01T00:00:00.000Z'],
    ['summer (BST): 23:00Z the day before', '2026-07-15', '2026-07-14T23:00:00.000Z'],
    // Clocks go forward at 01:00 GMT on the last Sunday of March: that day still begins in GMT.
    ['the day the clocks go forward', '2026-03-29', '2026-03-29T00:00:00.000Z'],
    ['the day after they go forward', '2026-03-30', '2026-03-29T23:00:00.000Z'],
    // Clocks go back at 01:00 GMT (02:00 BST) on the last Sunday of October: that day still begins in BST.
    ['the day the clocks go back', '2026-10-25', '2026-10-24T23:00:00.000Z'],
    ['the day after they go back', '2026-10-26', '2026-10-26T00:00:00.000Z'],
    ['New Year across the year boundary', '2027-01-01', '2027-01-01T00:00:00.000Z'],
    ['a leap day (GMT)', '2028-02-29', '2028-02-29T00:00:00.000Z'],
  ])('%s: %s begins at %s', (_why, date, instant) => {
    expect(startOfLondonDay(date)).toBe(instant);
  });

  it('reads the offset from the time-zone data: GMT in winter, BST in summer, the hour of each change', () => {
    expect(londonOffsetMs(Date.parse('2026-01-15T12:00:00Z'))).toBe(0);
    expect(londonOffsetMs(Date.parse('2026-07-15T12:00:00Z'))).toBe(3_600_000);
    expect(londonOffsetMs(Date.parse('2026-03-29T00:59:59Z'))).toBe(0);
    expect(londonOffsetMs(Date.parse('2026-03-29T01:00:00Z'))).toBe(3_600_000);
    expect(londonOffsetMs(Date.parse('2026-10-25T00:59:59Z'))).toBe(3_600_000);
    expect(londonOffsetMs(Date.parse('2026-10-25T01:00:00Z'))).toBe(0);
  });
});
