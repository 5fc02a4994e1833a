import { Injectable } from '@nestjs/common';
import {
  CheckResult,
  DEFAULT_CHECK_TIMEOUT_MS,
  Degraded,
  HealthCheck,
  ReadinessReport,
} from './health-check';

/**
 * The readiness checks of this process. Anything can plug one in (database and Kafka at wiring time; relay lag,
 * consumer lag later) by injecting the registry and calling `register` — the module itself never changes.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(check: HealthCheck): void {
    if (this.checks.has(check.name))
      throw new Error(`A health check named "${check.name}" is already registered`);
    this.checks.set(check.name, check);
  }

  names(): string[] {
    return [...this.checks.keys()];
  }

  /** Runs every check in parallel, each bounded by its timeout, so one slow dependency cannot stall the answer. */
  async readiness(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks.values()].map(async (check) => [check.name, await run(check)] as const),
    );
    const checks = Object.fromEntries(entries);
    const ready = entries.every(([, result]) => result.status !== 'down');
    return { status: ready ? 'ready' : 'not-ready', checks };
  }
}

async function run(check: HealthCheck): Promise<CheckResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const details = await Promise.race([Promise.resolve().then(check.check), timeout]);
    if (details instanceof Degraded)
      return { status: 'degraded', durationMs: elapsed(), details: details.details };
    return details
      ? { status: 'up', durationMs: elapsed(), details }
      : { status: 'up', durationMs: elapsed() };
  } catch (error) {
    return { status: 'down', durationMs: elapsed(), error: describe(error) };
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
