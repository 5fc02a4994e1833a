import { createHash } from 'node:crypto';

/** Who read a case's personal data (the token's subject and role). */
export interface AuditActor {
  id: string;
  role: string;
}

/** What `AuditLog.record` is given. */
export interface AuditRecord {
  actor: AuditActor;
  incidentId: string;
  /** The subject whose data were read, when the route knows it. */
  subjectRef?: string | null;
  /** What was read, for example `GET /incidents/:id`. */
  resource: string;
  /** The stated reason (`X-Access-Reason`). */
  reason: string;
}

export interface AuditEntry {
  position: string;
  recordedAt: string;
  actor: AuditActor;
  incidentId: string;
  subjectRef: string | null;
  resource: string;
  reason: string;
}

/**
 * SHA-256 over the entry's content (a fixed-order JSON array, so no field can move into another) and the previous
 * entry's hash: changing, inserting or removing an entry breaks the chain from there on.
 */
export function auditHash(entry: Omit<AuditEntry, 'position'>, previousHash: Buffer | null): Buffer {
  const content = JSON.stringify([
    entry.recordedAt,
    entry.actor.id,
    entry.actor.role,
    entry.incidentId,
    entry.subjectRef,
    entry.resource,
    entry.reason,
  ]);
  return createHash('sha256')
    .update(previousHash ?? Buffer.alloc(0))
    .update(content, 'utf8')
    .digest();
}
