import { HeldBackRecheck } from './notifications';

describe('HeldBackRecheck', () => {
  it('re-reads soon, with doubling delays, while a notified commit is still hidden from the gap-safe read', () => {
    const recheck = new HeldBackRecheck(10, 100);
    expect(recheck.next(0, true)).toBe(10);
    expect(recheck.next(0, true)).toBe(20);
    expect(recheck.next(0, true)).toBe(40);
    expect(recheck.next(0, true)).toBe(80);
    // Past the polling interval: back to waiting for the next notification (the poll picks it up).
    expect(recheck.next(0, true)).toBeNull();
  });

  it('waits for the next notification once the read found events, or when nothing was announced', () => {
    const recheck = new HeldBackRecheck(10, 100);
    expect(recheck.next(0, true)).toBe(10);
    expect(recheck.next(3, true)).toBeNull();
    expect(recheck.next(0, true)).toBe(10);
    expect(recheck.next(0, false)).toBeNull();
  });
});
