import { hasInstantShape, isCalendarDate, isInstant } from './schema/decorators';
import type { UpcastContext, UpcasterRegistry } from './upcasters';

/**
 * The shapes that events of the current versions were stored in before issue 15 closed the gaps that let them in,
 * and how a reader makes each one valid again. The store is immutable, so these events stay; a reader (projection,
 * consumer, replay) applies them repaired instead of stalling or dead-lettering them. Every repair sets a marker in
 * the data saying what it changed; the stored event keeps what was recorded.
 *
 * New events never need one: the producing service refuses these shapes before it appends (`validateNewEvent`).
 */
type Data = Record<string, unknown>;

const MAX_AGE_YEARS = 130;

function isObject(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isImpossibleAge(value: unknown): boolean {
  return typeof value === 'number' && !(Number.isInteger(value) && value >= 0 && value <= MAX_AGE_YEARS);
}

/** A report's impossible `reportedAt` (2026-02-30) falls back to when intake recorded it. */
function repairReportedAt(data: Data, context: UpcastContext): boolean {
  if (!hasInstantShape(data.reportedAt) || isInstant(data.reportedAt) || !isInstant(context.recordedAt))
    return false;
  data.reportedAt = context.recordedAt;
  data.reportedAtInvalid = true;
  return true;
}

/** An age derived from an impossible date of birth (1800-01-01 gave 226) is unknown, not 226. */
function repairAge(subject: unknown, data: Data): boolean {
  if (!isObject(subject) || !isImpossibleAge(subject.ageYears)) return false;
  subject.ageYears = null;
  data.ageYearsInvalid = true;
  return true;
}

/**
 * A real day outside 1900-2100 (1800-01-01) passed as a date of birth before issue 15. Ciphertext, as other services
 * see it, has no date shape and is left alone; in clear it reads as unknown, like the age derived from it.
 */
function repairDateOfBirth(subject: unknown, data: Data): boolean {
  if (!isObject(subject) || typeof subject.dateOfBirth !== 'string') return false;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(subject.dateOfBirth) || isCalendarDate(subject.dateOfBirth)) return false;
  subject.dateOfBirth = null;
  data.dateOfBirthInvalid = true;
  return true;
}

/** `"clinicianId": null` slipped past `@IsOptional()`; the default it was meant to get is the caller (the actor). */
function repairClinician(data: Data, context: UpcastContext): boolean {
  if (data.clinicianId !== null && data.clinicianId !== undefined) return false;
  if (!context.actor?.id) return false;
  data.clinicianId = context.actor.id;
  data.clinicianIdFromActor = true;
  return true;
}

/** Runs `repairs` over a copy of the data; undefined when none applied (the event is left as it is). */
function repairing(...repairs: Array<(data: Data, context: UpcastContext) => boolean>) {
  return (data: unknown, context: UpcastContext): unknown => {
    if (!isObject(data)) return undefined;
    const applied = repairs.map((repair) => repair(data, context));
    return applied.some(Boolean) ? data : undefined;
  };
}

export function registerHistoricRepairs(registry: UpcasterRegistry): void {
  registry.registerRepair(
    'IncidentReported',
    1,
    repairing(
      repairReportedAt,
      (data) => repairAge(data.subject, data),
      (data) => repairDateOfBirth(data.subject, data),
    ),
  );
  registry.registerRepair(
    'IncidentDetailsAmended',
    1,
    repairing(
      (data) => repairAge(isObject(data.changes) ? data.changes.subject : undefined, data),
      (data) => repairDateOfBirth(isObject(data.changes) ? data.changes.subject : undefined, data),
    ),
  );
  for (const type of ['AdviceGiven', 'RiskAssessed', 'RecordsChecked']) {
    registry.registerRepair(type, 1, repairing(repairClinician));
  }
}
