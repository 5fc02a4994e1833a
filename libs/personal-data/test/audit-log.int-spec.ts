/**
 * The read audit against the real PostgreSQL: append-only by the database itself, one hash chain under concurrent
 * writers, and tampering by the owner (triggers disabled) detected by verify().
 */
import { runMigrations } from '@rcrp/database';
import { createTestSchema, testOwnerUrl, type TestSchema } from '@rcrp/testing';
import { AuditLog } from '../src/audit/audit-log';
import { auditMigrations } from '../src/audit/migrations';

jest.setTimeout(60_000);

describe('AuditLog (real PostgreSQL)', () => {
  let db: TestSchema;
  let audit: AuditLog;
  const incidentId = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
  const other = '0192f3a4-5b6c-7d8e-9f01-000000000002';

  beforeAll(async () => {
    db = await createTestSchema('audit_test', 'rcrp_intake');
    await runMigrations({
      ownerUrl: testOwnerUrl(),
      schema: db.schema,
      migrations: auditMigrations(db),
      log: () => undefined,
    });
    audit = new AuditLog({ pool: db.appPool, schema: db.schema });
  });
  afterAll(() => db?.drop());

  it('records reads and answers queries by incident, actor and time, newest first', async () => {
    const t0 = new Date('2026-11-24T10:00:00.000Z');
    await audit.record(
      {
        actor: { id: 'PC-1', role: 'officer' },
        incidentId,
        resource: 'GET /incidents/:id',
        reason: 'attending',
      },
      { at: t0 },
    );
    await audit.record(
      {
        actor: { id: 'nurse-2', role: 'clinician' },
        incidentId,
        subjectRef: 'subj-x',
        resource: 'GET /incidents/:id/events',
        reason: 'triage',
      },
      { at: new Date(t0.getTime() + 60_000) },
    );
    await audit.record(
      {
        actor: { id: 'PC-1', role: 'officer' },
        incidentId: other,
        resource: 'GET /incidents/:id',
        reason: 'follow-up',
      },
      { at: new Date(t0.getTime() + 120_000) },
    );

    const forIncident = await audit.query({ incidentId });
    expect(forIncident.map((entry) => entry.actor.id)).toEqual(['nurse-2', 'PC-1']);
    expect(forIncident[0]).toMatchObject({
      subjectRef: 'subj-x',
      reason: 'triage',
      recordedAt: '2026-11-24T10:01:00.000Z',
    });
    expect((await audit.query({ actor: 'PC-1' })).map((entry) => entry.incidentId)).toEqual([
      other,
      incidentId,
    ]);
    expect(await audit.query({ from: '2026-11-24T10:00:30Z', to: '2026-11-24T10:01:30Z' })).toHaveLength(1);
    expect(await audit.query({ limit: 1 })).toHaveLength(1);
    expect(await audit.verify()).toEqual({ ok: true, entries: 3 });
  });

  it('keeps one valid chain under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        audit.record({
          actor: { id: `op-${index}`, role: 'operator' },
          incidentId,
          resource: 'GET /incidents/:id',
          reason: `check ${index}`,
        }),
      ),
    );
    expect(await audit.verify()).toEqual({ ok: true, entries: 23 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE, for the app role and the owner alike', async () => {
    await expect(db.appPool.query(`UPDATE read_audit SET reason = 'x'`)).rejects.toThrow(
      /permission denied|append-only/,
    );
    await expect(db.appPool.query(`DELETE FROM read_audit`)).rejects.toThrow(/permission denied|append-only/);
    await expect(db.ownerPool.query(`UPDATE read_audit SET reason = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.ownerPool.query(`DELETE FROM read_audit`)).rejects.toThrow(/append-only/);
    await expect(db.ownerPool.query(`TRUNCATE read_audit`)).rejects.toThrow(/append-only/);
    expect(await audit.verify()).toEqual({ ok: true, entries: 23 });
  });

  it('detects an entry altered by the owner with the trigger disabled, and a removed one', async () => {
    const [target] = await audit.query({ actor: 'nurse-2' });
    await db.ownerPool.query(`ALTER TABLE read_audit DISABLE TRIGGER read_audit_refuse_update_delete`);
    try {
      await db.ownerPool.query(`UPDATE read_audit SET reason = 'nothing to see' WHERE position = $1`, [
        target.position,
      ]);
      expect(await audit.verify()).toMatchObject({
        ok: false,
        firstBrokenPosition: target.position,
        reason: 'hash-mismatch',
      });

      await db.ownerPool.query(`UPDATE read_audit SET reason = 'triage' WHERE position = $1`, [
        target.position,
      ]);
      expect(await audit.verify()).toEqual({ ok: true, entries: 23 });

      await db.ownerPool.query(`DELETE FROM read_audit WHERE position = $1`, [target.position]);
      const verdict = await audit.verify();
      expect(verdict).toMatchObject({ ok: false, reason: 'chain-broken' });
      expect(Number((verdict as { firstBrokenPosition: string }).firstBrokenPosition)).toBeGreaterThan(
        Number(target.position),
      );
    } finally {
      await db.ownerPool.query(`ALTER TABLE read_audit ENABLE TRIGGER read_audit_refuse_update_delete`);
    }
  });
});
