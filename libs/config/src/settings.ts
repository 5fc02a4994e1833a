import { ConfigurationError } from './configuration-error';

/** The environment as the readers see it: names to raw strings. */
export type Env = Readonly<Record<string, string | undefined>>;

/** An empty value (`PORT=`) means "not set": that is what people mean when they blank a line in an env file. */
export function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function required(env: Env, name: string, expectation: string): string {
  const value = raw(env, name);
  if (value === undefined) throw new ConfigurationError(name, `is required: ${expectation}`);
  return value;
}

export function integer(name: string, value: string, min: number, max: number): number {
  const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigurationError(name, `must be an integer ${min}-${max} (got "${value}")`);
  }
  return parsed;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** A span such as `90s`, `30m`, `12h` or `1d`, in seconds, between `minSeconds` and `maxSeconds`. */
export function duration(name: string, value: string, minSeconds: number, maxSeconds: number): number {
  const match = /^(\d{1,9})([smhd])$/.exec(value);
  const seconds = match ? Number(match[1]) * DURATION_UNITS[match[2]] : NaN;
  if (!(seconds >= minSeconds && seconds <= maxSeconds)) {
    throw new ConfigurationError(
      name,
      `must be a duration like 30m, 12h or 1d, from ${minSeconds}s to ${maxSeconds}s (got "${value}")`,
    );
  }
  return seconds;
}

export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigurationError(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

export function url(name: string, value: string, protocols: readonly string[], example: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigurationError(name, `must be a URL like ${example} (got "${redactPassword(value)}")`);
  }
  if (!protocols.includes(parsed.protocol) || parsed.hostname === '') {
    throw new ConfigurationError(name, `must be a URL like ${example} (got "${redactPassword(value)}")`);
  }
  return value;
}

/** `host:port[,host:port…]`, as kafkajs takes it. */
export function hostPortList(name: string, value: string): string[] {
  const entries = value.split(',').map((entry) => entry.trim());
  const valid = entries.every((entry) => {
    const match = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(entry);
    return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 65535;
  });
  if (!valid) {
    throw new ConfigurationError(
      name,
      `must be a comma-separated list of host:port, e.g. 127.0.0.1:9092 (got "${value}")`,
    );
  }
  return entries;
}

export function identifier(name: string, value: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) {
    throw new ConfigurationError(
      name,
      `must be a lower-case SQL identifier (letters, digits, _) (got "${value}")`,
    );
  }
  return value;
}

/** Secrets are never echoed back: only their length or shape is reported. */
export function minLengthSecret(name: string, value: string, minLength: number): string {
  if (value.length < minLength) {
    throw new ConfigurationError(name, `must be at least ${minLength} characters (got ${value.length})`);
  }
  return value;
}

export function base64Key(name: string, value: string, bytes: number): string {
  const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  if (decoded.length !== bytes) {
    throw new ConfigurationError(
      name,
      `must be ${bytes} random bytes encoded as base64 (got ${decoded.length} bytes)`,
    );
  }
  return value;
}

/** A connection URL's password must not end up in a log line, even a wrong one. */
export function redactPassword(value: string): string {
  return value.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
