import { chartValue, countOf, valueText } from './shown-value';

describe('a figure as shown', () => {
  it('shows a suppressed count as "fewer than 5", never as a number', () => {
    expect(valueText('<5', 'count')).toBe('fewer than 5');
    expect(valueText('<5', 'seconds')).toBe('fewer than 5');
  });

  it('draws no bar for a suppressed or missing figure, and a bar of 0 for a real 0', () => {
    expect(chartValue('<5')).toBeNull();
    expect(chartValue(null)).toBeNull();
    expect(chartValue(0)).toBe(0);
    expect(chartValue(12)).toBe(12);
  });

  it('words counts, durations and shares', () => {
    expect(valueText(0, 'count')).toBe('0');
    expect(valueText(1234, 'count')).toBe('1,234');
    expect(valueText(92.4, 'seconds')).toBe('1 minute 32 seconds');
    expect(valueText(0.3333, 'share')).toBe('33.3%');
    expect(valueText(null, 'seconds')).toBe('none');
  });

  it('reads only what the contract allows', () => {
    expect(countOf('<5')).toBe('<5');
    expect(countOf(7)).toBe(7);
    expect(countOf('7')).toBeNull();
    expect(countOf(undefined)).toBeNull();
  });
});
