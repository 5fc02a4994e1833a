import { labelOf } from './labels';

describe('vocabulary labels', () => {
  it.each([
    ['registered-nurse', 'Registered nurse'],
    ['amhp', 'AMHP'],
    ['mha-transport', 'MHA transport'],
    ['refer-to-community-or-gp', 'Refer to community or GP'],
    ['awol-or-missing-patient', 'AWOL or missing patient'],
  ])('reads %s as %s', (value, label) => {
    expect(labelOf(value)).toBe(label);
  });

  it('shows a dash for nothing', () => {
    expect(labelOf(null)).toBe('—');
  });
});
