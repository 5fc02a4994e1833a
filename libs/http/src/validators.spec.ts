import { plainToInstance } from 'class-transformer';
import { IsNumber, IsOptional, IsString, validateSync } from 'class-validator';
import { DeprecatedNameOf, hasAtMostDecimalPlaces, MaxDecimalPlaces } from './validators';

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

describe('DeprecatedNameOf', () => {
  class Assessment {
    @IsOptional() @IsString() clinicianId?: string;
    @IsOptional() @IsString() @DeprecatedNameOf('clinicianId') assessedBy?: string;
  }
  const reasons = (body: object) =>
    validateSync(plainToInstance(Assessment, body)).flatMap((error) =>
      Object.values(error.constraints ?? {}),
    );

  it('takes either name alone, or both with the same value', () => {
    expect(reasons({ clinicianId: 'GMC-1' })).toEqual([]);
    expect(reasons({ assessedBy: 'GMC-1' })).toEqual([]);
    expect(reasons({ clinicianId: 'GMC-1', assessedBy: 'GMC-1' })).toEqual([]);
  });

  it('refuses both with different values, naming the fields and neither value', () => {
    expect(reasons({ clinicianId: 'GMC-1', assessedBy: 'GMC-2' })).toEqual([
      'assessedBy is the deprecated name of clinicianId: send clinicianId only (both were sent, with different values)',
    ]);
  });
});
