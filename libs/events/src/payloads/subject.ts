import { IsString, MaxLength, MinLength } from 'class-validator';
import { defineEvent, type DomainEvent } from '../event-definition';

/**
 * Events of the `subject` stream (one per pseudonymous subject): erasure by crypto-shredding (DESIGN §6).
 * Not personal itself: the key that would encrypt it is the one being deleted.
 */
export class SubjectDataErasedPayload {
  @IsString() @MinLength(1) @MaxLength(100) subjectRef: string;
  /** The legal ground, for example `UK GDPR Art. 17(1)(b)`. */
  @IsString() @MinLength(1) @MaxLength(200) legalBasis: string;
  @IsString() @MinLength(1) @MaxLength(2000) reason: string;
}
export type SubjectDataErasedData = SubjectDataErasedPayload;
export type SubjectDataErased = DomainEvent<'SubjectDataErased', SubjectDataErasedData>;
export const SUBJECT_DATA_ERASED = defineEvent({
  type: 'SubjectDataErased',
  schemaVersion: 1,
  streamType: 'subject',
  payload: SubjectDataErasedPayload,
  personalFields: [],
  // The operator's words about a data-subject request: not the subject's data (their key is erased), not for analysts.
  analystWithheldFields: ['reason'],
  description: "The subject's data key was deleted; their personal fields in every event are now unreadable.",
});

/** Restriction of processing (UK GDPR Art. 18): the subject's personal fields are shown only to operators with a reason. */
export class SubjectProcessingRestrictedPayload {
  @IsString() @MinLength(1) @MaxLength(100) subjectRef: string;
  @IsString() @MinLength(1) @MaxLength(2000) reason: string;
}
export type SubjectProcessingRestrictedData = SubjectProcessingRestrictedPayload;
export type SubjectProcessingRestricted = DomainEvent<
  'SubjectProcessingRestricted',
  SubjectProcessingRestrictedData
>;
export const SUBJECT_PROCESSING_RESTRICTED = defineEvent({
  type: 'SubjectProcessingRestricted',
  schemaVersion: 1,
  streamType: 'subject',
  payload: SubjectProcessingRestrictedPayload,
  personalFields: [],
  // The operator's words about a data-subject request: not the subject's data (their key is erased), not for analysts.
  analystWithheldFields: ['reason'],
  description:
    "Processing of the subject's data is restricted: reads of their personal fields are refused except to an operator stating a reason.",
});

export class SubjectRestrictionLiftedPayload {
  @IsString() @MinLength(1) @MaxLength(100) subjectRef: string;
  @IsString() @MinLength(1) @MaxLength(2000) reason: string;
}
export type SubjectRestrictionLiftedData = SubjectRestrictionLiftedPayload;
export type SubjectRestrictionLifted = DomainEvent<'SubjectRestrictionLifted', SubjectRestrictionLiftedData>;
export const SUBJECT_RESTRICTION_LIFTED = defineEvent({
  type: 'SubjectRestrictionLifted',
  schemaVersion: 1,
  streamType: 'subject',
  payload: SubjectRestrictionLiftedPayload,
  personalFields: [],
  // The operator's words about a data-subject request: not the subject's data (their key is erased), not for analysts.
  analystWithheldFields: ['reason'],
  description: "The restriction of processing ended: the subject's personal fields read as before.",
});

export type SubjectEvent = SubjectDataErased | SubjectProcessingRestricted | SubjectRestrictionLifted;
export const SUBJECT_EVENTS = [
  SUBJECT_DATA_ERASED,
  SUBJECT_PROCESSING_RESTRICTED,
  SUBJECT_RESTRICTION_LIFTED,
] as const;
