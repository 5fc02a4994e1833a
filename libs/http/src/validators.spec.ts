import { plainToInstance } from 'class-transformer';
import { IsNumber, validateSync } from 'class-validator';
import { hasAtMostDecimalPlaces, MaxDecimalPlaces } from './validators';

class Extension {
  @IsNumber({ allowNaN: false, allowInfinity: false }) @MaxDecimalPlaces(2) hours: number;
}

describe('hasAtMostDecimalPlaces', () => {
  it.each([12, 0.25, 0.29, 1.5, -0, 1e3, 1e308, 2.01])('accepts %p with 2 places', (value) => {
    expect(hasAtMostDecimalPlaces(value, 2)).toBe(true);
  });

  it.each([1e-9, 0.001, 1.234, 5e-324, Number.NaN, Infinity, '1'])('refuses %p with 2 places', (value) => {
    expect(hasAtMostDecimalPlaces(value, 2)).toBe(false);
  });

  it('validates numbers in exponent notation without throwing (class-validator did)', () => {
    const errors = validateSync(plainToInstance(Extension, JSON.parse('{"hours": 1e-9}')));
    expect(errors[0].constraints).toEqual({
      maxDecimalPlaces: 'hours must be a number with at most 2 decimal places',
    });
    expect(validateSync(plainToInstance(Extension, JSON.parse('{"hours": 1.2e1}')))).toEqual([]);
  });
});
