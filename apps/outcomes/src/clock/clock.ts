/**
 * The outcomes service's notion of "now": the default time of a command and the time the detention scheduler
 * compares deadlines with. Injected (never `new Date()` in the services) so tests can move time and see the
 * deadline notices appear without waiting 22 hours.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
