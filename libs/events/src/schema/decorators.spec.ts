import { isCalendarDate, isInstant } from './decorators';

describe('isInstant', () => {
  it.each([
    '2026-11-23T21:04:00Z',
    '2026-11-23T21:04Z',
    '2026-11-23T21:04:00.123456789+01:00',
    '2024-02-29T00:00:00Z',
    '1900-01-01T00:00:00Z',
    '2100-12-31T23:59:59-14:00',
  ])('accepts %s', (value) => {
    expect(isInstant(value)).toBe(true);
  });

  it.each([
    '2026-02-30T10:00:00Z',
    '2025-02-29T10:00:00Z',
    '2026-04-31T10:00:00Z',
    '2026-13-01T10:00:00Z',
    '2026-00-10T10:00:00Z',
    '2026-01-00T10:00:00Z',
    '0000-01-01T00:00:00Z',
    '1899-12-31T23:59:59Z',
    '2101-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '2026-11-23T24:00:00Z',
    '2026-11-23T21:60:00Z',
    '2026-11-23T21:04:60Z',
    '2026-11-23T21:04:00+15:00',
    '2026-11-23T21:04:00+01:60',
    '2026-11-23T21:04:00',
    '2026-11-23',
    '',
  ])('refuses %s', (value) => {
    expect(isInstant(value)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isInstant(1e12)).toBe(false);
    expect(isInstant(null)).toBe(false);
  });
});

describe('isCalendarDate', () => {
  it.each(['1990-04-01', '2000-02-29', '1900-01-01'])('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each(['1990-02-30', '1900-02-29', '1800-01-01', '0000-01-01', '2101-01-01', '1990-4-1'])(
    'refuses %s',
    (value) => {
      expect(isCalendarDate(value)).toBe(false);
    },
  );
});
