/**
 * The whole case record (issue 16, point 5): each service's part of the case, as its events route answered it
 * (decrypted, with the hash-chain check of its stream), merged into one chronological record. Pure: the CLI
 * fetches, this merges and renders.
 */

export const SERVICES = ['intake', 'triage', 'outcomes'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** What `GET /incidents/:id/events`, `/triage/:id/events` and `/outcomes/:id/events` answer. */
export interface ServicePart {
  incidentId: string;
  streamId: string;
  asOf: string | null;
  events: RecordedEvent[];
  verification: { ok: true; events: number } | { ok: false; firstBrokenVersion: number; reason: string };
}

export interface RecordedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; role: string };
  data: Record<string, unknown>;
}

export interface CaseRecordEntry {
  /** When it happened (the event's `occurredAt`: a late entry sits where it happened). */
  at: string;
  recordedAt: string;
  service: ServiceName;
  streamId: string;
  streamVersion: number;
  type: string;
  /** Who: the actor of the event (a person's id and role, or a service). */
  actor: { id: string; role: string };
  data: Record<string, unknown>;
  eventId: string;
}

export interface CaseRecord {
  incidentId: string;
  generatedAt: string;
  generatedBy: string;
  reason: string;
  /** The section 136 rule set in force for the detention, when one was recorded. */
  ruleSet: string | null;
  streams: Array<{
    service: ServiceName;
    streamId: string | null;
    events: number;
    /** `ok`, `broken` (with where), or `none` when the service holds nothing of the case. */
    verification: 'ok' | 'none' | { broken: { firstBrokenVersion: number; reason: string } };
  }>;
  entries: CaseRecordEntry[];
}

export function mergeCaseRecord(
  parts: Partial<Record<ServiceName, ServicePart>>,
  meta: { incidentId: string; generatedAt: string; generatedBy: string; reason: string },
): CaseRecord {
  const entries: CaseRecordEntry[] = [];
  const streams: CaseRecord['streams'] = [];
  for (const service of SERVICES) {
    const part = parts[service];
    if (!part) {
      streams.push({ service, streamId: null, events: 0, verification: 'none' });
      continue;
    }
    const { verification } = part;
    streams.push({
      service,
      streamId: part.streamId,
      events: part.events.length,
      verification: verification.ok
        ? 'ok'
        : { broken: { firstBrokenVersion: verification.firstBrokenVersion, reason: verification.reason } },
    });
    for (const event of part.events) {
      entries.push({
        at: event.occurredAt,
        recordedAt: event.recordedAt,
        service,
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        type: event.type,
        actor: event.actor,
        data: event.data,
        eventId: event.eventId,
      });
    }
  }
  const serviceOrder = (service: ServiceName) => SERVICES.indexOf(service);
  entries.sort(
    (a, b) =>
      Date.parse(a.at) - Date.parse(b.at) ||
      Date.parse(a.recordedAt) - Date.parse(b.recordedAt) ||
      serviceOrder(a.service) - serviceOrder(b.service) ||
      a.streamVersion - b.streamVersion,
  );
  const ruleSet =
    entries
      .map((entry) => entry.data.ruleSetId)
      .find((value): value is string => typeof value === 'string') ?? null;
  return { ...meta, ruleSet, streams, entries };
}

/** True when every stream that exists verified. */
export function allStreamsVerify(record: CaseRecord): boolean {
  return record.streams.every((stream) => stream.verification === 'ok' || stream.verification === 'none');
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export function verificationText(stream: CaseRecord['streams'][number]): string {
  if (stream.verification === 'ok') return `hash chain verified (${stream.events} events)`;
  if (stream.verification === 'none') return 'nothing recorded';
  const { firstBrokenVersion, reason } = stream.verification.broken;
  return `BROKEN at version ${firstBrokenVersion} (${reason})`;
}

/** A self-contained page (no scripts, no external resources) that prints as the record. */
export function caseRecordHtml(record: CaseRecord): string {
  const rows = record.entries
    .map(
      (entry) =>
        `<tr><td>${escapeHtml(entry.at)}</td><td>${escapeHtml(entry.service)}</td><td>${escapeHtml(entry.type)}</td>` +
        `<td>${escapeHtml(`${entry.actor.id} (${entry.actor.role})`)}</td>` +
        `<td><pre>${escapeHtml(JSON.stringify(entry.data, null, 2))}</pre></td>` +
        `<td>${escapeHtml(entry.recordedAt)}</td></tr>`,
    )
    .join('\n');
  const streams = record.streams
    .map(
      (stream) =>
        `<li>${escapeHtml(stream.service)}: ${escapeHtml(stream.streamId ?? '-')}: ${escapeHtml(verificationText(stream))}</li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Case record ${escapeHtml(record.incidentId)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px;vertical-align:top;text-align:left}pre{margin:0;white-space:pre-wrap}</style>
</head><body>
<h1>Case record ${escapeHtml(record.incidentId)}</h1>
<p>Generated ${escapeHtml(record.generatedAt)} by ${escapeHtml(record.generatedBy)}; reason: ${escapeHtml(record.reason)}.
Section 136 rule set in force: ${escapeHtml(record.ruleSet ?? 'none recorded')}.</p>
<h2>Streams</h2>
<ul>
${streams}
</ul>
<h2>What happened, in order</h2>
<table><thead><tr><th>when</th><th>service</th><th>what</th><th>who</th><th>details</th><th>recorded</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
