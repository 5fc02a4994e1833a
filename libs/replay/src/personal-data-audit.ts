import type { AuditLog } from '@rcrp/personal-data';
import type { EventEnvelope } from '@rcrp/events';

/** Who replays personal data and why (`--actor`, `--reason`), and what (`--topic`, bounds, types). */
export interface ReplayAccess {
  actor: string;
  reason: string;
  topics: readonly string[];
  from: Date | null;
  to: Date | null;
  types: readonly string[] | null;
}

/** The `resource` of the audit entries: which replay read the case, e.g. `replay rcrp.intake.events.v1 [earliest, end)`. */
export function replayResourceOf(access: ReplayAccess): string {
  const bounds = `[${access.from?.toISOString() ?? 'earliest'}, ${access.to?.toISOString() ?? 'end'})`;
  return `replay ${access.topics.join(',')} ${bounds}${access.types ? ` types ${access.types.join(',')}` : ''}`;
}

/**
 * Records a personal-data replay in the service's read audit (libs/personal-data/src/audit, `<schema>.read_audit`: append-only,
 * hash-chained, the same log the services' case reads write). The audit answers "who read this case's personal
 * data, when and why", so there is one entry per case and subject whose personal data the replay writes — the
 * events that carry a `subjectRef` — each recorded before the first of its values is written, and once per run.
 * Events without a subject carry no personal data and are not recorded.
 */
export function replayAccessRecorder(
  audit: AuditLog,
  access: ReplayAccess,
): (events: readonly EventEnvelope[]) => Promise<void> {
  const recorded = new Set<string>();
  const resource = replayResourceOf(access);
  return async (events) => {
    for (const event of events) {
      if (!event.subjectRef) continue;
      const key = `${event.incidentId}/${event.subjectRef}`;
      if (recorded.has(key)) continue;
      await audit.record({
        actor: { id: access.actor, role: 'operator' },
        incidentId: event.incidentId,
        subjectRef: event.subjectRef,
        resource,
        reason: access.reason,
      });
      recorded.add(key);
    }
  };
}
