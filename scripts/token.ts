/**
 * Prints a bearer token for the configured development secret (AUTH_JWT_SECRET from the environment or
 * `.env.local`):
 *
 *   npm run token -- --role clinician --sub nurse-17 [--ttl 8h]
 *   curl -H "Authorization: Bearer $(npm run -s token -- --role officer --sub PC-4821)" http://127.0.0.1:3001/...
 *
 * `npm run token -- --help` lists the options and exit codes.
 */
import { isUserRole, signDevelopmentToken, USER_ROLES } from '@rcrp/auth';
import { parseFlags, runCliMain, UsageError, type Cli } from '@rcrp/config';
import { loadAuthConfig } from '@rcrp/config';

const ROLES = USER_ROLES.join('|');
const TTL_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

export const TOKEN_CLI: Cli = {
  name: 'token',
  help: {
    command: 'npm run token --',
    summary: 'print a bearer token (JWT) signed with the development secret, for curl and Swagger UI',
    usage: [`--role <${ROLES}> --sub <subject id> [--ttl 8h]`],
    options: [
      {
        title: 'Options',
        options: [
          { flag: `--role ${ROLES}`, description: 'the role the services authorise (required)' },
          { flag: '--sub <id>', description: 'who the token is for, e.g. nurse-17 (required)' },
          {
            flag: '--ttl <duration>',
            description: 'lifetime like 30m, 8h, 2d; at most AUTH_MAX_TOKEN_TTL',
            default: '8h',
          },
        ],
      },
    ],
    readsEnvFile: true,
    environment: [
      { name: 'AUTH_JWT_SECRET', description: 'the HS256 secret', default: 'generated into .env.local' },
      { name: 'AUTH_MAX_TOKEN_TTL', description: 'the longest lifetime the services accept', default: '12h' },
    ],
    exitCodes: { 0: 'done: the token is on stdout', 1: 'failed: no usable secret (AUTH_JWT_SECRET)' },
    examples: [
      'npm run -s token -- --role clinician --sub nurse-17',
      'curl -H "Authorization: Bearer $(npm run -s token -- --role officer --sub PC-4821)" http://127.0.0.1:3001/incidents',
    ],
    docs: 'README.md, "Getting a token"',
  },
  async run(argv, io) {
    const values = parseFlags(argv, {
      role: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
    });
    if (!isUserRole(values.role)) throw new UsageError(`--role must be one of ${USER_ROLES.join(', ')}`);
    if (!values.sub) throw new UsageError('--sub is required (who the token is for, e.g. nurse-17)');
    if (!/^\d+[smhdw]$/.test(values.ttl)) throw new UsageError('--ttl must look like 30m, 8h or 2d');
    const auth = loadAuthConfig();
    if (Number(values.ttl.slice(0, -1)) * TTL_UNITS[values.ttl.slice(-1)] > auth.maxTokenTtlSeconds) {
      throw new UsageError(
        `--ttl is longer than the services accept (AUTH_MAX_TOKEN_TTL, ${auth.maxTokenTtlSeconds} s)`,
      );
    }
    const token = await signDevelopmentToken(auth, { sub: values.sub, role: values.role, ttl: values.ttl });
    io.stdout.write(`${token}\n`);
  },
};

if (require.main === module) runCliMain(TOKEN_CLI);
