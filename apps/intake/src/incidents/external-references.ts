import type { PoolClient } from 'pg';

/**
 * DESIGN §4: a report from an external system whose (system, external reference) was already seen is the same
 * incident. The primary key makes PostgreSQL decide, so two reports arriving at the same moment, or after a
 * restart, or through HTTP and Kafka at once, still yield one incident: the second insert waits for the first
 * transaction and then finds the row.
 */
export async function claimExternalReference(
  tx: PoolClient,
  source: { system: string; externalRef: string },
  incidentId: string,
): Promise<{ claimed: true } | { claimed: false; incidentId: string }> {
  const inserted = await tx.query(
    `INSERT INTO external_references (source_system, external_ref, incident_id)
     VALUES ($1, $2, $3)
     ON CONFLICT (source_system, external_ref) DO NOTHING`,
    [source.system, source.externalRef, incidentId],
  );
  if (inserted.rowCount === 1) return { claimed: true };
  const existing = await tx.query<{ incident_id: string }>(
    `SELECT incident_id FROM external_references WHERE source_system = $1 AND external_ref = $2`,
    [source.system, source.externalRef],
  );
  return { claimed: false, incidentId: existing.rows[0].incident_id };
}
