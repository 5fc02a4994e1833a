import { addDays, defaultPeriod, periodProblems, periodQuery, seriesWindows, todayOf } from './period';

describe('the statistics period', () => {
  it('is sent as the first day and the day after the last (the services read dates as London days)', () => {
    expect(periodQuery({ from: '2026-03-01', through: '2026-03-31' })).toEqual({
      from: '2026-03-01',
      to: '2026-04-01',
    });
  });

  it('counts days on the calendar, across a clock change and a leap day', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('defaults to the 30 days up to and including today', () => {
    expect(defaultPeriod('2026-07-30')).toEqual({ from: '2026-07-01', through: '2026-07-30' });
  });

  it("takes today from the browser's calendar, not UTC", () => {
    expect(todayOf(new Date(2026, 0, 5, 0, 30))).toBe('2026-01-05');
  });

  it('names what is wrong with a period', () => {
    expect(periodProblems({ from: '2026-07-01', through: '2026-07-01' })).toEqual({});
    expect(periodProblems({ from: '', through: '2026-02-30' })).toEqual({
      from: 'Enter the first day as a date',
      through: 'Enter the last day as a date',
    });
    expect(periodProblems({ from: '2026-07-02', through: '2026-07-01' })).toEqual({
      through: 'The last day must not be before the first',
    });
    expect(periodProblems({ from: '2025-01-01', through: '2026-01-02' }).through).toBe(
      'Choose at most 366 days',
    );
  });

  it('is charted by day up to 31 days, each window one day', () => {
    const { unit, windows } = seriesWindows({ from: '2026-03-30', through: '2026-04-01' });
    expect(unit).toBe('day');
    expect(windows).toEqual([
      { label: '2026-03-30', from: '2026-03-30', to: '2026-03-31' },
      { label: '2026-03-31', from: '2026-03-31', to: '2026-04-01' },
      { label: '2026-04-01', from: '2026-04-01', to: '2026-04-02' },
    ]);
  });

  it('is charted by week above 31 days, the last week ending with the period', () => {
    const { unit, windows } = seriesWindows({ from: '2026-01-01', through: '2026-02-01' });
    expect(unit).toBe('week');
    expect(windows.map((window) => [window.from, window.to])).toEqual([
      ['2026-01-01', '2026-01-08'],
      ['2026-01-08', '2026-01-15'],
      ['2026-01-15', '2026-01-22'],
      ['2026-01-22', '2026-01-29'],
      ['2026-01-29', '2026-02-02'],
    ]);
  });
});
