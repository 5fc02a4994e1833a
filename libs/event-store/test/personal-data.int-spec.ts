import { EventStore } from '@rcrp/event-store';
import {
  ERASED_VALUE,
  generateMasterKey,
  decodeMasterKey,
  PersonalDataCipher,
  SubjectErasedError,
} from '@rcrp/personal-data';
import { newEvent, newStreamId } from './support/events';
import { createStoreTestSchema, TestSchema } from './support/test-schema';

const PERSONAL_FIELDS: Record<string, readonly string[]> = {
  IncidentReported: ['subject.name', 'subject.dateOfBirth', 'summary', 'notes[].text'],
};
const personalFieldsOf = (type: string) => PERSONAL_FIELDS[type] ?? [];

function report(subject = { name: 'Jane Doe', dateOfBirth: '1990-04-01' }) {
  return {
    category: 'concern-for-welfare',
    subject: { ...subject, sex: 'female' },
    summary: 'Person standing outside the railings, talking about ending their life.',
    notes: [{ text: 'Known to the crisis team as Janie', by: 'PC-4821' }],
    presentingConcerns: ['suicidal-ideation'],
  };
}

describe('personal data in the event store (real PostgreSQL)', () => {
  let db: TestSchema;
  let masterKey: Buffer;
  let cipher: PersonalDataCipher;
  let store: EventStore;

  beforeAll(async () => {
    db = await createStoreTestSchema('personal');
    masterKey = decodeMasterKey(generateMasterKey());
    cipher = new PersonalDataCipher({ pool: db.appPool, schema: db.schema, masterKey });
    store = new EventStore({ pool: db.appPool, schema: db.schema, cipher, personalFieldsOf });
  });
  afterAll(() => db.drop());

  async function rawRows(streamId: string): Promise<string> {
    const { rows } = await db.ownerPool.query<{ row: string }>(
      `SELECT row_to_json(e)::text AS row FROM "${db.schema}".events e WHERE stream_id = $1`,
      [streamId],
    );
    return rows.map((r) => r.row).join('\n');
  }

  it('stores no personal value in clear, and reads decrypt them', async () => {
    const streamId = newStreamId();
    const data = report();
    const appended = await store.append(streamId, 'no-stream', [
      newEvent(streamId, 'IncidentReported', data, { subjectRef: 'subj-0001' }),
    ]);

    const raw = await rawRows(streamId);
    for (const secret of ['Jane Doe', '1990-04-01', 'railings', 'Janie']) expect(raw).not.toContain(secret);
    expect(raw).toContain('enc:v1:subj-0001:');
    expect(raw).toContain('concern-for-welfare'); // non-personal fields stay queryable
    expect(raw).toContain('PC-4821');

    expect(appended.events[0].data).toEqual(data);
    expect((await store.readStream(streamId))[0].data).toEqual(data);
    const feed = await store.readAll(null, 100, { decode: true });
    expect(feed.events.find((f) => f.event.streamId === streamId)?.event.data).toEqual(data);
    const asStored = await store.readAll(null, 100);
    expect(JSON.stringify(asStored.events.find((f) => f.event.streamId === streamId)?.event)).not.toContain(
      'Jane Doe',
    );
  });

  it('after erasure reads show the erased marker, other fields stay, and the hash chain still verifies', async () => {
    const streamId = newStreamId();
    const subjectRef = 'subj-erase-me';
    await store.append(streamId, 'no-stream', [
      newEvent(streamId, 'IncidentReported', report(), { subjectRef }),
    ]);
    await store.append(streamId, 1, [newEvent(streamId, 'IncidentNoted', { note: 'not personal' })]);
    const before = await rawRows(streamId);

    const erasure = await cipher.eraseSubject(subjectRef, 'UK GDPR Art. 17(1)(a)', 'retention period ended');
    expect(erasure).toMatchObject({ subjectRef, alreadyErased: false, legalBasis: 'UK GDPR Art. 17(1)(a)' });

    const [reported, noted] = await store.readStream(streamId);
    expect(reported.data).toEqual({
      ...report(),
      subject: { name: ERASED_VALUE, dateOfBirth: ERASED_VALUE, sex: 'female' },
      summary: ERASED_VALUE,
      notes: [{ text: ERASED_VALUE, by: 'PC-4821' }],
    });
    expect(noted.data).toEqual({ note: 'not personal' });
    expect(await rawRows(streamId)).toBe(before); // the events themselves are untouched
    expect(await store.verifyStream(streamId)).toEqual({ ok: true, events: 2 });
    const { rows } = await db.ownerPool.query(
      `SELECT 1 FROM "${db.schema}".subject_keys WHERE subject_ref = $1`,
      [subjectRef],
    );
    expect(rows).toHaveLength(0);

    // Idempotent: the first erasure's record stands.
    const again = await cipher.eraseSubject(subjectRef, 'other basis', 'other reason');
    expect(again).toMatchObject({
      alreadyErased: true,
      legalBasis: 'UK GDPR Art. 17(1)(a)',
      erasedAt: erasure.erasedAt,
    });
    // New personal data for an erased subject is refused rather than stored or silently blanked.
    await expect(
      store.append(streamId, 2, [newEvent(streamId, 'IncidentReported', report(), { subjectRef })]),
    ).rejects.toBeInstanceOf(SubjectErasedError);
  });

  it('another instance stops decrypting an erased subject once its short key cache expires', async () => {
    const streamId = newStreamId();
    const subjectRef = 'subj-two-instances';
    await store.append(streamId, 'no-stream', [
      newEvent(streamId, 'IncidentReported', report(), { subjectRef }),
    ]);
    const otherCipher = new PersonalDataCipher({
      pool: db.appPool,
      schema: db.schema,
      masterKey,
      keyCacheTtlMs: 100,
    });
    const otherInstance = new EventStore({
      pool: db.appPool,
      schema: db.schema,
      cipher: otherCipher,
      personalFieldsOf,
    });
    expect(((await otherInstance.readStream(streamId))[0].data as { summary: string }).summary).toMatch(
      /railings/,
    );

    await cipher.eraseSubject(subjectRef, 'UK GDPR Art. 17', 'test');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(((await otherInstance.readStream(streamId))[0].data as { summary: string }).summary).toBe(
      ERASED_VALUE,
    );
  });

  it('concurrent first writes for a new subject agree on one data key', async () => {
    const subjectRef = 'subj-concurrent';
    const instances = Array.from(
      { length: 8 },
      () => new PersonalDataCipher({ pool: db.appPool, schema: db.schema, masterKey }),
    );
    const encrypted = await Promise.all(
      instances.map((instance, i) => instance.encryptFields(subjectRef, { name: `n${i}` }, ['name'])),
    );
    const reader = new PersonalDataCipher({ pool: db.appPool, schema: db.schema, masterKey });
    expect(await reader.decryptMany(encrypted)).toEqual(instances.map((_, i) => ({ name: `n${i}` })));
  });

  it("a new subject's key is stored by the append's own statement: one commit for the key and the events", async () => {
    const streamId = newStreamId();
    const subjectRef = 'subj-one-commit';
    await store.append(streamId, 'no-stream', [
      newEvent(streamId, 'IncidentReported', report(), { subjectRef }),
    ]);
    const { rows } = await db.ownerPool.query<{ same: boolean }>(
      `SELECT k.xmin = e.xmin AS same FROM "${db.schema}".subject_keys k, "${db.schema}".events e
        WHERE k.subject_ref = $1 AND e.stream_id = $2`,
      [subjectRef, streamId],
    );
    expect(rows).toEqual([{ same: true }]);
  });

  it("a caller's transaction that rolls back leaves neither the events nor the new subject's key", async () => {
    const streamId = newStreamId();
    const subjectRef = 'subj-rolled-back';
    const client = await db.appPool.connect();
    try {
      await client.query('BEGIN');
      await store
        .within(client)
        .append(streamId, 'no-stream', [newEvent(streamId, 'IncidentReported', report(), { subjectRef })]);
      // A second append for the same subject in the same transaction finds the key it stored.
      const second = newStreamId();
      await store
        .within(client)
        .append(second, 'no-stream', [newEvent(second, 'IncidentReported', report(), { subjectRef })]);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    const { rows } = await db.ownerPool.query(
      `SELECT 1 FROM "${db.schema}".subject_keys WHERE subject_ref = $1`,
      [subjectRef],
    );
    expect(rows).toHaveLength(0);
    // The next append creates the key afresh and its events read back.
    await store.append(streamId, 'no-stream', [
      newEvent(streamId, 'IncidentReported', report(), { subjectRef }),
    ]);
    expect((await store.readStream(streamId))[0].data).toEqual(report());
  });

  it('concurrent first appends for a new subject from several instances agree on one key', async () => {
    const subjectRef = 'subj-concurrent-appends';
    const stores = Array.from(
      { length: 6 },
      () =>
        new EventStore({
          pool: db.appPool,
          schema: db.schema,
          cipher: new PersonalDataCipher({ pool: db.appPool, schema: db.schema, masterKey }),
          personalFieldsOf,
        }),
    );
    const streams = stores.map(() => newStreamId());
    await Promise.all(
      stores.map((instance, i) =>
        instance.append(streams[i], 'no-stream', [
          newEvent(streams[i], 'IncidentReported', report({ name: `n${i}`, dateOfBirth: '1990-04-01' }), {
            subjectRef,
          }),
        ]),
      ),
    );
    for (const [i, streamId] of streams.entries()) {
      expect(((await store.readStream(streamId))[0].data as { subject: { name: string } }).subject.name).toBe(
        `n${i}`,
      );
    }
  });

  it('an instance that still remembers a key does not write under it once another instance erased the subject', async () => {
    const subjectRef = 'subj-erased-elsewhere';
    const first = newStreamId();
    await store.append(first, 'no-stream', [newEvent(first, 'IncidentReported', report(), { subjectRef })]);
    const other = new PersonalDataCipher({ pool: db.appPool, schema: db.schema, masterKey });
    await other.eraseSubject(subjectRef, 'UK GDPR Art. 17', 'test');
    const second = newStreamId();
    await expect(
      store.append(second, 'no-stream', [newEvent(second, 'IncidentReported', report(), { subjectRef })]),
    ).rejects.toBeInstanceOf(SubjectErasedError);
    expect(await rawRows(second)).toBe('');
  });

  it('refuses personal fields without a subject, and plain input that looks encrypted', async () => {
    const streamId = newStreamId();
    await expect(
      store.append(streamId, 'no-stream', [newEvent(streamId, 'IncidentReported', report())]),
    ).rejects.toThrow(/no subjectRef/);
    await expect(
      store.append(streamId, 'no-stream', [
        newEvent(streamId, 'IncidentNoted', { note: 'enc:v1:x:AAAA:BBBB' }),
      ]),
    ).rejects.toThrow(/must not contain values starting with "enc:v1:"/);
    expect(await rawRows(streamId)).toBe('');
  });

  it('a ciphertext moved to another subject or altered does not decrypt', async () => {
    const a = await cipher.encryptFields('subj-a', { name: 'Alice' }, ['name']);
    await cipher.encryptFields('subj-b', { name: 'Bob' }, ['name']);
    const moved = { name: a.name.replace('enc:v1:subj-a:', 'enc:v1:subj-b:') };
    await expect(cipher.decryptFields(moved)).rejects.toMatchObject({ name: 'PersonalDataIntegrityError' });
    const flipped = { name: a.name.slice(0, -3) + (a.name.endsWith('A==') ? 'B==' : 'A==') };
    await expect(cipher.decryptFields(flipped)).rejects.toMatchObject({ name: 'PersonalDataIntegrityError' });
  });
});
