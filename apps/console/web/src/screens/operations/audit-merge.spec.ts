import {
  AUDIT_LIMIT,
  auditFilterProblems,
  auditQuery,
  mergeAudit,
  truncatedServices,
  type AuditEntry,
} from './audit-merge';

const read = (position: string, recordedAt: string, reason = 'Answering the call'): AuditEntry => ({
  position,
  recordedAt,
  actor: { id: 'RN-0042', role: 'clinician' },
  incidentId: '0192f3a4-5b6c-7d8e-9f01-23456789abcd',
  subjectRef: null,
  resource: 'GET /x',
  reason,
});

const EMPTY = { from: '', through: '', actor: '', incidentId: '' };

describe('the read audit across the services', () => {
  it('merges the three audits newest first, each read tagged with its service', () => {
    const merged = mergeAudit({
      intake: [read('2', '2026-07-01T10:05:00Z'), read('1', '2026-07-01T09:00:00Z')],
      triage: [read('7', '2026-07-01T10:00:00Z')],
      outcomes: [read('3', '2026-07-01T11:02:00+01:00')],
    });
    expect(merged.map((entry) => [entry.service, entry.position])).toEqual([
      ['intake', '2'],
      ['outcomes', '3'],
      ['triage', '7'],
      ['intake', '1'],
    ]);
  });

  it('orders reads of the same instant by service, then newest position (as numbers) first', () => {
    const at = '2026-07-01T10:00:00Z';
    const merged = mergeAudit({ triage: [read('9', at), read('10', at)], intake: [read('1', at)] });
    expect(merged.map((entry) => [entry.service, entry.position])).toEqual([
      ['intake', '1'],
      ['triage', '10'],
      ['triage', '9'],
    ]);
  });

  it('says which services answered their limit in full', () => {
    const full = Array.from({ length: AUDIT_LIMIT }, (_, index) =>
      read(String(index), '2026-07-01T10:00:00Z'),
    );
    expect(truncatedServices({ intake: full, triage: [] })).toEqual(['intake']);
  });

  it('asks each service with the filled filters only, the last day included', () => {
    expect(auditQuery(EMPTY)).toBe(`?limit=${AUDIT_LIMIT}`);
    expect(
      auditQuery({ from: '2026-07-01', through: '2026-07-31', actor: ' RN-0042 ', incidentId: '' }),
    ).toBe(`?from=2026-07-01&to=2026-08-01&actor=RN-0042&limit=${AUDIT_LIMIT}`);
  });

  it('refuses an incident id that is not one, and a period that ends before it starts', () => {
    expect(auditFilterProblems({ ...EMPTY, incidentId: 'CAD-1' })).toEqual({
      incidentId: 'Enter an incident id (a UUID)',
    });
    expect(auditFilterProblems({ ...EMPTY, from: '2026-07-02', through: '2026-07-01' })).toEqual({
      through: 'The last day must not be before the first',
    });
  });
});
