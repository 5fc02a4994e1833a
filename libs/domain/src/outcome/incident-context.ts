import type { LocationKind, Profession } from '@rcrp/events';
import type { Instant } from '../time';

/**
 * Facts owned by intake and triage that the outcome decider needs. The outcomes service builds this from
 * the intake and triage events it has consumed and passes it in the command: the decider never reads
 * another service's data.
 */
export interface IncidentContext {
  locationKind: LocationKind;
  /** From `IncidentReported` / `IncidentDetailsAmended`; null when unknown. */
  subjectAgeYears: number | null;
  /** Every triage `AdviceGiven` of the incident. */
  advice: readonly AdviceFact[];
}

export interface AdviceFact {
  /** The envelope's eventId: linked from `Section136Detained.adviceEventId`. */
  eventId: string;
  clinicianId: string;
  profession: Profession;
  givenAt: Instant;
}
