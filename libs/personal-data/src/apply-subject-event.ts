import type { EventEnvelope, SubjectEvent } from '@rcrp/events';
import { type PersonalDataCipher, RestrictedSubjects } from '.';
import type { PoolClient } from 'pg';

export interface SubjectEventDeps {
  /** The service's cipher (token `PERSONAL_DATA_CIPHER`): erasure deletes this service's own key of the subject. */
  cipher: PersonalDataCipher;
  /** The service's schema (`AppConfig.database.schema`), where `restricted_subjects` lives. */
  schema: string;
  /**
   * Removes decrypted copies of the subject's personal fields from the service's read models (set them to
   * `ERASED_VALUE` or null), in `tx`. Projections that store only ciphertext or no personal data need none.
   */
  purgeProjections?: (subject: { subjectRef: string; incidentId: string }, tx: PoolClient) => Promise<void>;
}

const SUBJECT_EVENT_TYPES = new Set([
  'SubjectDataErased',
  'SubjectProcessingRestricted',
  'SubjectRestrictionLifted',
]);

export function isSubjectEvent(envelope: EventEnvelope): boolean {
  return SUBJECT_EVENT_TYPES.has(envelope.type);
}

/**
 * The local effect of a subject event (issue 11), for every service: intake applies its own in the transaction
 * that appends them, triage and outcomes apply the ones consumed from intake's topic in the consumer's inbox
 * transaction. Idempotent, so redelivery and replay are harmless. Returns false for any other event type.
 *
 * - `SubjectDataErased`: records the erasure and deletes this service's data key of the subject, so every field it
 *   encrypted under that subject (rationales, notes…) now reads as `[erased]`; then purges projections.
 * - `SubjectProcessingRestricted` / `SubjectRestrictionLifted`: adds / removes the `restricted_subjects` row that
 *   `@PersonalDataRead` checks.
 */
export async function applySubjectEvent(
  envelope: EventEnvelope,
  tx: PoolClient,
  deps: SubjectEventDeps,
): Promise<boolean> {
  if (!isSubjectEvent(envelope)) return false;
  const event = envelope as unknown as SubjectEvent;
  const restrictions = new RestrictedSubjects(deps.schema);
  switch (event.type) {
    case 'SubjectDataErased':
      await deps.cipher.eraseSubject(event.data.subjectRef, event.data.legalBasis, event.data.reason, {
        client: tx,
      });
      await deps.purgeProjections?.(
        { subjectRef: event.data.subjectRef, incidentId: envelope.incidentId },
        tx,
      );
      return true;
    case 'SubjectProcessingRestricted':
      await restrictions.restrict(tx, {
        subjectRef: event.data.subjectRef,
        incidentId: envelope.incidentId,
        reason: event.data.reason,
      });
      return true;
    case 'SubjectRestrictionLifted':
      await restrictions.lift(tx, event.data.subjectRef);
      return true;
  }
}
