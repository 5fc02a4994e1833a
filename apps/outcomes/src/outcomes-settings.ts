import { ConfigurationError, defaultEnvFilePath, mergedEnvironment } from '@rcrp/config';

/** Settings only the outcomes service has (the shared ones are in `AppConfig`). */
export class OutcomesSettings {
  /** Minutes before the deadline that `DetentionDeadlineApproaching` is emitted (DESIGN §4 rule 7, default 120). */
  readonly warningLeadMinutes: number;
  /** How often the detention scheduler looks for due deadlines. */
  readonly schedulerIntervalMs: number;

  constructor(values: { warningLeadMinutes: number; schedulerIntervalMs: number }) {
    this.warningLeadMinutes = values.warningLeadMinutes;
    this.schedulerIntervalMs = values.schedulerIntervalMs;
  }
}

export const DEFAULT_WARNING_LEAD_MINUTES = 120;
export const DEFAULT_SCHEDULER_INTERVAL_MS = 2000;

type Env = Readonly<Record<string, string | undefined>>;

function integerSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigurationError(name, `must be an integer ${min}-${max} (got "${value}")`);
  }
  return parsed;
}

/**
 * `DETENTION_WARNING_LEAD_MINUTES` (1-720, default 120) and `DETENTION_SCHEDULER_INTERVAL_MS` (100-60000, default
 * 2000), from the environment and `.env.local` like every other setting. A bad value is one line at start-up.
 */
export function loadOutcomesSettings(
  env: Env = mergedEnvironment(process.env, defaultEnvFilePath()),
): OutcomesSettings {
  return new OutcomesSettings({
    warningLeadMinutes: integerSetting(
      env,
      'DETENTION_WARNING_LEAD_MINUTES',
      DEFAULT_WARNING_LEAD_MINUTES,
      1,
      720,
    ),
    schedulerIntervalMs: integerSetting(
      env,
      'DETENTION_SCHEDULER_INTERVAL_MS',
      DEFAULT_SCHEDULER_INTERVAL_MS,
      100,
      60_000,
    ),
  });
}
