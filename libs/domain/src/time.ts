import { isInstant } from '@rcrp/events';
import { DomainError } from './domain-error';
import { RULE_IDS } from './rule-ids';

/**
 * Time in the domain is an ISO 8601 instant string (`2026-11-23T21:04:00Z`), the same form events carry.
 * Every command's `now` is the moment the act happened, supplied by the caller; nothing here reads a clock.
 */
export type Instant = string;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Milliseconds since the epoch, or a DomainError if `now` is not a valid instant. */
export function millisOf(instant: Instant, field = 'now'): number {
  if (!isInstant(instant)) {
    throw new DomainError(
      RULE_IDS.commandTimeInvalid,
      `The time in ${field} is not a date and time with a time zone, for example 2026-11-23T21:04:00Z.`,
    );
  }
  return Date.parse(instant);
}

export function toInstant(millis: number): Instant {
  return new Date(millis).toISOString();
}

export function addHours(instant: Instant, hours: number): Instant {
  return toInstant(Date.parse(instant) + hours * HOUR_MS);
}

export function addMinutes(instant: Instant, minutes: number): Instant {
  return toInstant(Date.parse(instant) + minutes * MINUTE_MS);
}

/** True when `a` is strictly before `b`. */
export function isBefore(a: Instant, b: Instant): boolean {
  return Date.parse(a) < Date.parse(b);
}
