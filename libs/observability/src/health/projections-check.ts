import { Degraded, HealthCheck } from './health-check';

/** What the check reads of each projection (`ProjectionRunner.status()` fits). */
export interface ObservedProjection {
  name: string;
  stalled: boolean;
  critical: boolean;
  failure: {
    errorClass: string;
    errorCode: string | null;
    position: string | null;
    eventType: string | null;
    since: Date;
  } | null;
}

/** `HEALTH_PROJECTION_STALL_SECONDS` (default 30): failing longer than this, a projection is stalled. */
export function projectionStallMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.HEALTH_PROJECTION_STALL_SECONDS);
  return env.HEALTH_PROJECTION_STALL_SECONDS && Number.isFinite(value) && value >= 0 ? value * 1000 : 30_000;
}

/**
 * `projections` (issue 15): names each stalled projection, the feed position of the event it cannot apply, the
 * event's type and the error's class and code (never the message: it may quote the event's values).
 *
 * Liveness never depends on it: restarting does not make a stored event applicable. Readiness fails (down) only
 * when a critical projection (the live triage queue) is stalled, because the service then answers with a view that
 * silently stopped; a stalled non-critical one reports `degraded` and the instance stays in service, since taking
 * every instance out (they all hit the same event) would turn one stale report into an outage of the whole service.
 */
export function projectionsHealthCheck(status: () => readonly ObservedProjection[]): HealthCheck {
  return {
    name: 'projections',
    check: async () => {
      const now = Date.now();
      const stalled = status()
        .filter((projection) => projection.stalled)
        .map(({ name, critical, failure }) => ({
          projection: name,
          critical,
          position: failure?.position ?? null,
          eventType: failure?.eventType ?? null,
          error: failure
            ? `${failure.errorClass}${failure.errorCode ? ` (${failure.errorCode})` : ''}`
            : null,
          stalledForSeconds: failure ? Math.round((now - failure.since.getTime()) / 1000) : null,
        }));
      if (stalled.length === 0) return { stalled: [] };
      const critical = stalled.filter((projection) => projection.critical);
      if (critical.length > 0) {
        throw new Error(
          `critical projection stalled: ${critical
            .map(
              (p) =>
                `${p.projection} at position ${p.position ?? '?'} (${p.eventType ?? 'no event'}: ${p.error})`,
            )
            .join('; ')}`,
        );
      }
      return new Degraded({ stalled });
    },
  };
}
