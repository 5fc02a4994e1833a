import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The git-ignored file `npm start` (scripts/ensure-env.ts) writes development secrets into. */
export const ENV_FILE_NAME = '.env.local';

/**
 * Parses `KEY=value` lines. Blank lines and `#` comments are skipped; a value may be wrapped in single or double
 * quotes. Deliberately tiny: the file holds a handful of generated secrets, not a templating language.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key, rawValue] = match;
    values[key] = unquote(rawValue.trim());
  }
  return values;
}

function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? quoted[2] : value;
}

/** The settings of an env file, or none when it does not exist. */
export function readEnvFile(path: string = defaultEnvFilePath()): Record<string, string> {
  return existsSync(path) ? parseEnvFile(readFileSync(path, 'utf8')) : {};
}

/**
 * The environment a service or script sees: `.env.local` first, real environment variables on top, so a variable
 * set in the shell (or by docker compose) always wins over the file.
 */
export function mergedEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  envFilePath: string | null = defaultEnvFilePath(),
): Record<string, string | undefined> {
  const fromFile = envFilePath === null ? {} : readEnvFile(envFilePath);
  return { ...fromFile, ...env };
}

export function defaultEnvFilePath(): string {
  return resolve(findProjectRoot(), ENV_FILE_NAME);
}

/**
 * The project root is where package.json is: the working directory for `npm start`/`npm test`, but a service started
 * from elsewhere (an IDE, `node dist/...` from a sub-folder) must find the same file, so walk up.
 */
export function findProjectRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(resolve(dir, 'package.json'))) return dir;
    const parent = resolve(dir, '..');
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}
