/** Typed failures of the personal-data library, so callers map them (HTTP, DLQ) without parsing messages. */

/** The master key is missing or malformed; the service must not start. */
export class MasterKeyError extends Error {
  override readonly name = 'MasterKeyError';
}

/**
 * New personal data for a subject whose data were erased: storing it would undo the erasure, and silently replacing
 * it with the erased marker would alter a record, so the write is refused.
 */
export class SubjectErasedError extends Error {
  override readonly name = 'SubjectErasedError';

  constructor(readonly subjectRef: string) {
    super(`subject ${subjectRef} has been erased: new personal data cannot be stored for it`);
  }
}

/** An encrypted value names a subject that has neither a key nor an erasure record: keys were lost, not erased. */
export class SubjectKeyMissingError extends Error {
  override readonly name = 'SubjectKeyMissingError';

  constructor(readonly subjectRef: string) {
    super(`no data key and no erasure record for subject ${subjectRef}`);
  }
}

/** A stored ciphertext failed authentication or is malformed: it was altered or belongs to another subject. */
export class PersonalDataIntegrityError extends Error {
  override readonly name = 'PersonalDataIntegrityError';

  constructor(
    readonly subjectRef: string | null,
    detail: string,
  ) {
    super(
      `encrypted personal value${subjectRef === null ? '' : ` of subject ${subjectRef}`} is invalid: ${detail}`,
    );
  }
}

/** The caller broke the cipher's input rules (no subject for personal data, a plain value that looks encrypted…). */
export class PersonalDataInputError extends Error {
  override readonly name = 'PersonalDataInputError';
}
