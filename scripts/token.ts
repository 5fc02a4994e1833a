/**
 * Prints a bearer token for the configured development secret (AUTH_JWT_SECRET from the environment or
 * `.env.local`):
 *
 *   npm run token -- --role clinician --sub nurse-17 [--ttl 8h]
 *   curl -H "Authorization: Bearer $(npm run -s token -- --role officer --sub PC-4821)" http://127.0.0.1:3001/...
 */
import { parseArgs } from 'node:util';
import { isUserRole, signDevelopmentToken, USER_ROLES } from '@rcrp/auth';
import { loadAuthConfig } from '@rcrp/config';

const USAGE = `usage: npm run token -- --role <${USER_ROLES.join('|')}> --sub <subject id> [--ttl 8h]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { role: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string', default: '8h' } },
  });
  if (!isUserRole(values.role)) throw new Error(`--role must be one of ${USER_ROLES.join(', ')}\n${USAGE}`);
  if (!values.sub) throw new Error(`--sub is required (who the token is for, e.g. nurse-17)\n${USAGE}`);
  if (!/^\d+[smhdw]$/.test(values.ttl ?? '')) throw new Error(`--ttl must look like 30m, 8h or 2d\n${USAGE}`);
  const auth = loadAuthConfig();
  const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
  const ttl = values.ttl as string;
  if (Number(ttl.slice(0, -1)) * units[ttl.slice(-1)] > auth.maxTokenTtlSeconds) {
    throw new Error(
      `--ttl ${ttl} is longer than the services accept (AUTH_MAX_TOKEN_TTL, ${auth.maxTokenTtlSeconds} s)`,
    );
  }
  const token = await signDevelopmentToken(auth, {
    sub: values.sub,
    role: values.role,
    ttl: values.ttl,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
