import { Clock } from '../../src/clock/clock';

/** A clock tests move forward: real time plus an offset, so it keeps ticking between moves. */
export class ManualClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
