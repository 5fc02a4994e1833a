import type { SubjectDataErased, SubjectProcessingRestricted, SubjectRestrictionLifted } from '@rcrp/events';
import { deciderSpec } from '../testing/decider-spec';
import { subjectDecider, type SubjectCommand } from './subject-decider';

const subjectRef = 'subj-0192f3a4-5b6c-7d8e-9f01-23456789abcd';
const now = '2026-11-24T10:00:00Z';
const spec = deciderSpec(subjectDecider);

const erase: SubjectCommand = {
  type: 'EraseSubject',
  now,
  subjectRef,
  legalBasis: 'UK GDPR Art. 17(1)(b)',
  reason: 'Request upheld',
};
const erased: SubjectDataErased = {
  type: 'SubjectDataErased',
  data: { subjectRef, legalBasis: 'UK GDPR Art. 17(1)(b)', reason: 'Request upheld' },
};
const restrict: SubjectCommand = {
  type: 'RestrictProcessing',
  now,
  subjectRef,
  reason: 'Accuracy contested',
};
const restricted: SubjectProcessingRestricted = {
  type: 'SubjectProcessingRestricted',
  data: { subjectRef, reason: 'Accuracy contested' },
};
const lift: SubjectCommand = { type: 'LiftRestriction', now, subjectRef, reason: 'Accuracy verified' };
const lifted: SubjectRestrictionLifted = {
  type: 'SubjectRestrictionLifted',
  data: { subjectRef, reason: 'Accuracy verified' },
};

describe('subject decider', () => {
  it('records an erasure with its legal basis and reason', () => {
    spec.given([]).when(erase).then([erased]);
  });

  it('treats a second erasure as a no-op (a retried request never appends twice)', () => {
    spec.given([erased]).when(erase).thenNothing();
  });

  it('erases a restricted subject', () => {
    spec.given([restricted]).when(erase).then([erased]);
  });

  it('restricts processing, once', () => {
    spec.given([]).when(restrict).then([restricted]);
    spec.given([restricted]).when(restrict).thenNothing();
    spec.given([restricted, lifted]).when(restrict).then([restricted]);
  });

  it('refuses to restrict an erased subject', () => {
    spec.given([erased]).when(restrict).thenThrows('SUBJECT-ERASED');
  });

  it('lifts a restriction; lifting when not restricted changes nothing', () => {
    spec.given([restricted]).when(lift).then([lifted]);
    spec.given([restricted, lifted]).when(lift).thenNothing();
    spec.given([]).when(lift).thenNothing();
  });

  it('refuses a command without a valid time', () => {
    spec
      .given([])
      .when({ ...erase, now: 'yesterday' })
      .thenThrows('COMMAND-TIME-INVALID');
  });
});
