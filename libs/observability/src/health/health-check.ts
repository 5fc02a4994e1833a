/**
 * One named readiness check. It resolves when the dependency is usable (optionally with details worth showing,
 * e.g. a lag) and rejects with an error saying what is wrong. It must not hang: the registry also enforces
 * `timeoutMs`, but a check should carry its own short timeout so it does not leave work running.
 */
export interface HealthCheck {
  name: string;
  check: () => Promise<Record<string, unknown> | Degraded | void>;
  /** Defaults to DEFAULT_CHECK_TIMEOUT_MS. */
  timeoutMs?: number;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 2000;

/**
 * What a check returns when something is wrong that taking the instance out of service would not fix and that
 * leaves it useful (a stalled non-critical read model): reported as `degraded`, the service stays ready.
 */
export class Degraded {
  constructor(readonly details: Record<string, unknown>) {}
}

export type CheckResult =
  | { status: 'up'; durationMs: number; details?: Record<string, unknown> }
  | { status: 'degraded'; durationMs: number; details: Record<string, unknown> }
  | { status: 'down'; durationMs: number; error: string };

export interface ReadinessReport {
  status: 'ready' | 'not-ready';
  checks: Record<string, CheckResult>;
}
