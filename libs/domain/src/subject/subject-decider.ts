import type { SubjectEvent } from '@rcrp/events';
import type { Decider } from '../decider';
import { DomainError } from '../domain-error';
import { RULE_IDS } from '../rule-ids';
import { millisOf, type Instant } from '../time';

/**
 * The subject stream (one per pseudonymous subject, `subject-<subjectRef>`): erasure by crypto-shredding and
 * restriction of processing (DESIGN §6, issue 11). Every command is safe to repeat: an HTTP retry after a lost
 * response must finish the job, never append a second event.
 */

export type EraseSubject = {
  type: 'EraseSubject';
  now: Instant;
  subjectRef: string;
  legalBasis: string;
  reason: string;
};
export type RestrictProcessing = {
  type: 'RestrictProcessing';
  now: Instant;
  subjectRef: string;
  reason: string;
};
export type LiftRestriction = { type: 'LiftRestriction'; now: Instant; subjectRef: string; reason: string };
export type SubjectCommand = EraseSubject | RestrictProcessing | LiftRestriction;

export interface SubjectState {
  subjectRef: string | null;
  erased: boolean;
  restricted: boolean;
}

export function initialSubjectState(): SubjectState {
  return { subjectRef: null, erased: false, restricted: false };
}

export function evolveSubject(state: SubjectState, event: SubjectEvent): SubjectState {
  switch (event.type) {
    case 'SubjectDataErased':
      return { ...state, subjectRef: event.data.subjectRef, erased: true };
    case 'SubjectProcessingRestricted':
      return { ...state, subjectRef: event.data.subjectRef, restricted: true };
    case 'SubjectRestrictionLifted':
      return { ...state, subjectRef: event.data.subjectRef, restricted: false };
  }
}

export function decideSubject(command: SubjectCommand, state: SubjectState): SubjectEvent[] {
  millisOf(command.now);
  const { subjectRef, reason } = command;
  switch (command.type) {
    case 'EraseSubject':
      // Erasure cannot be undone or repeated: the key is gone; a second request only confirms the first.
      if (state.erased) return [];
      return [{ type: 'SubjectDataErased', data: { subjectRef, legalBasis: command.legalBasis, reason } }];
    case 'RestrictProcessing':
      if (state.erased) {
        throw new DomainError(
          RULE_IDS.subjectErased,
          'The data of this subject were erased; there is nothing left whose processing could be restricted.',
        );
      }
      if (state.restricted) return [];
      return [{ type: 'SubjectProcessingRestricted', data: { subjectRef, reason } }];
    case 'LiftRestriction':
      // Lifting what is not restricted changes nothing (and a retried lift must not fail).
      if (!state.restricted) return [];
      return [{ type: 'SubjectRestrictionLifted', data: { subjectRef, reason } }];
  }
}

export const subjectDecider: Decider<SubjectCommand, SubjectEvent, SubjectState> = {
  initialState: initialSubjectState,
  evolve: evolveSubject,
  decide: decideSubject,
};
