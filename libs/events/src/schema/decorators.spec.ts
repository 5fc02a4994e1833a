import { plainToInstance } from 'class-transformer';
import { IsOptional, validateSync } from 'class-validator';
import { isCalendarDate, isInstant, IsInstantOrLondonDate } from './decorators';

describe('isInstant', () => {
  it.each([
    '2026-11-23T21:04:00Z',
    '2026-11-23T21:04Z',
    '2026-11-23T21:04:00.123456789+01:00',
    '2028-02-29T00:00:00Z',
    '1900-01-01T00:00:00Z',
    '2100-12-31T23:59:59-05:30',
  ])('accepts %s', (value) => expect(isInstant(value)).toBe(true));

  it.each([
    ['a day the month does not have', '2026-02-30T10:00:00Z'],
    ['29 February of a common year', '2027-02-29T10:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['hour 24 (Date.parse reads it as the next day)', '2026-01-01T24:00:00Z'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['year 0', '0000-01-01T00:00:00Z'],
    ['a year before 1900', '1899-12-31T23:59:59Z'],
    ['a year after 2100', '2101-01-01T00:00:00Z'],
    ['no time zone', '2026-11-23T21:04:00'],
    ['an offset minute of 60', '2026-11-23T21:04:00+01:60'],
    ['a date only', '2026-11-23'],
    ['a number', 1764000000000],
  ])('refuses %s', (_why, value) => expect(isInstant(value)).toBe(false));
});

describe('isCalendarDate', () => {
  it('accepts real days from 1900 to 2100', () => {
    expect(['1990-04-01', '2000-02-29', '1900-01-01', '2100-12-31'].every(isCalendarDate)).toBe(true);
  });

  it('refuses impossible days and years outside 1900-2100', () => {
    expect(['1990-02-30', '1900-02-29', '1800-01-01', '2101-01-01', '1990-4-1'].some(isCalendarDate)).toBe(
      false,
    );
  });
});

describe('IsInstantOrLondonDate (range query bounds)', () => {
  class RangeQuery {
    @IsOptional() @IsInstantOrLondonDate() from?: string;
  }
  const read = (from: unknown) => {
    const query = plainToInstance(RangeQuery, { from });
    return {
      from: query.from,
      errors: validateSync(query).flatMap((e) => Object.values(e.constraints ?? {})),
    };
  };

  it('turns a date into the start of that day in London, in winter and in summer time', () => {
    expect(read('2026-12-01')).toEqual({ from: '2026-12-01T00:00:00.000Z', errors: [] });
    expect(read('2026-06-01')).toEqual({ from: '2026-05-31T23:00:00.000Z', errors: [] });
  });

  it('passes an instant through as it came', () => {
    expect(read('2026-06-01T09:30:00+01:00')).toEqual({ from: '2026-06-01T09:30:00+01:00', errors: [] });
  });

  it.each([
    ['a day that does not exist', '2026-02-30'],
    ['a time without a zone', '2026-12-01T00:00'],
    ['a number', 5],
  ])('refuses %s, saying both forms are accepted', (_why, value) => {
    expect(read(value).errors).toEqual([
      expect.stringContaining('or a date YYYY-MM-DD (the start of that day in London)'),
    ]);
  });
});
