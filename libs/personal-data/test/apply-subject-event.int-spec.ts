/**
 * applySubjectEvent against the real PostgreSQL: what triage and outcomes do with subject events consumed from
 * intake's topic. Erasure shreds the local key (values read as "[erased]") and calls the purge hook; restriction
 * and lift maintain restricted_subjects; every effect is idempotent.
 */
import { runMigrations } from '@rcrp/database';
import { sampleEnvelope, SAMPLE_SUBJECT_REF } from '@rcrp/events/testing/sample-events';
import { withTransaction } from '@rcrp/database';
import {
  ERASED_VALUE,
  generateMasterKey,
  decodeMasterKey,
  PersonalDataCipher,
  personalDataMigrations,
  RestrictedSubjects,
} from '@rcrp/personal-data';
import { createTestSchema, testOwnerUrl, type TestSchema } from '@rcrp/testing';
import { applySubjectEvent } from '../src/apply-subject-event';

jest.setTimeout(60_000);

describe('applySubjectEvent (real PostgreSQL)', () => {
  let db: TestSchema;
  let cipher: PersonalDataCipher;

  beforeAll(async () => {
    db = await createTestSchema('subject_events', 'rcrp_triage');
    await runMigrations({
      ownerUrl: testOwnerUrl(),
      schema: db.schema,
      migrations: personalDataMigrations(db),
      log: () => undefined,
    });
    cipher = new PersonalDataCipher({
      pool: db.appPool,
      schema: db.schema,
      masterKey: decodeMasterKey(generateMasterKey()),
    });
  });
  afterAll(() => db?.drop());

  it('restricts and lifts, idempotently, keyed by subject and found by incident', async () => {
    const restrictions = new RestrictedSubjects(db.schema);
    const restricted = sampleEnvelope('SubjectProcessingRestricted');
    const apply = (event: typeof restricted | ReturnType<typeof sampleEnvelope>) =>
      withTransaction(db.appPool, (tx) => applySubjectEvent(event, tx, { cipher, schema: db.schema }));
    expect(await apply(restricted)).toBe(true);
    expect(await apply(restricted)).toBe(true);
    expect(
      (await restrictions.ofIncident(db.appPool, restricted.incidentId)).map((row) => row.subjectRef),
    ).toEqual([SAMPLE_SUBJECT_REF]);
    await apply(sampleEnvelope('SubjectRestrictionLifted'));
    await apply(sampleEnvelope('SubjectRestrictionLifted'));
    expect(await restrictions.isRestricted(db.appPool, SAMPLE_SUBJECT_REF)).toBe(false);
    expect(await apply(sampleEnvelope('CaseClosed'))).toBe(false);
  });

  it('erasure deletes the local key, so local ciphertexts read as erased, and purges projections once per delivery', async () => {
    const stored = await cipher.encryptFields(
      SAMPLE_SUBJECT_REF,
      { rationale: 'Said they felt unsafe at home' },
      ['rationale'],
    );
    expect(await cipher.decryptFields(stored)).toEqual({ rationale: 'Said they felt unsafe at home' });
    const purged: string[] = [];
    const deps = {
      cipher,
      schema: db.schema,
      purgeProjections: async (subject: { subjectRef: string; incidentId: string }) => {
        purged.push(`${subject.subjectRef}@${subject.incidentId}`);
      },
    };
    const erased = sampleEnvelope('SubjectDataErased');
    await withTransaction(db.appPool, (tx) => applySubjectEvent(erased, tx, deps));
    await withTransaction(db.appPool, (tx) => applySubjectEvent(erased, tx, deps));
    const keys = await db.ownerPool.query(
      `SELECT count(*)::int AS n FROM subject_keys WHERE subject_ref = $1`,
      [SAMPLE_SUBJECT_REF],
    );
    expect(keys.rows[0].n).toBe(0);
    // A fresh cipher (another instance) sees the erasure from the database, not from a cache.
    const other = new PersonalDataCipher({
      pool: db.appPool,
      schema: db.schema,
      masterKey: decodeMasterKey(generateMasterKey()),
    });
    expect(await other.decryptFields(stored)).toEqual({ rationale: ERASED_VALUE });
    expect(await cipher.decryptFields(stored)).toEqual({ rationale: ERASED_VALUE });
    expect(purged).toEqual([
      `${SAMPLE_SUBJECT_REF}@${erased.incidentId}`,
      `${SAMPLE_SUBJECT_REF}@${erased.incidentId}`,
    ]);
  });
});
