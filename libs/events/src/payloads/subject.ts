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
  description: "The subject's data key was deleted; their personal fields in every event are now unreadable.",
});

export type SubjectEvent = SubjectDataErased;
export const SUBJECT_EVENTS = [SUBJECT_DATA_ERASED] as const;
