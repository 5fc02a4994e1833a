/**
 * Runs every service's migrations as the owner role into that service's schema.
 *
 *   npm run migrate [-- --database rcrp|rcrp_test] [--service intake|triage|outcomes]
 *
 * The database is `--database`, else MIGRATE_DATABASE, else the one DATABASE_OWNER_URL names (default rcrp).
 * `npm run migrate -- --help` lists the options and exit codes.
 */
import { parseFlags, runCliMain, UsageError, type Cli } from '@rcrp/config';
import {
  appRoleFor,
  databaseName,
  runMigrations,
  SERVICE_NAMES,
  withDatabaseName,
  type MigrationsFactory,
  type ServiceName,
} from '@rcrp/database';
import { migrations as intakeMigrations } from '../apps/intake/src/migrations';
import { migrations as outcomesMigrations } from '../apps/outcomes/src/migrations';
import { migrations as triageMigrations } from '../apps/triage/src/migrations';

const DEFAULT_OWNER_URL = 'postgres://rcrp_owner:rcrp_owner@127.0.0.1:5432/rcrp';

const SERVICE_MIGRATIONS: Record<ServiceName, MigrationsFactory> = {
  intake: intakeMigrations,
  triage: triageMigrations,
  outcomes: outcomesMigrations,
};

export interface MigrateArgs {
  database: string;
  services: ServiceName[];
}

const isServiceName = (value: string): value is ServiceName =>
  (SERVICE_NAMES as readonly string[]).includes(value);

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): MigrateArgs {
  const values = parseFlags(argv, {
    database: { type: 'string' },
    service: { type: 'string', multiple: true },
  });
  const database =
    values.database ?? env.MIGRATE_DATABASE ?? databaseName(env.DATABASE_OWNER_URL ?? DEFAULT_OWNER_URL);
  if (database === '') throw new UsageError('--database needs a name');
  const services = values.service ?? [];
  if (!services.every(isServiceName))
    throw new UsageError(`--service must be one of ${SERVICE_NAMES.join(', ')}`);
  return { database, services: services.length > 0 ? [...new Set(services)] : [...SERVICE_NAMES] };
}

export const MIGRATE_CLI: Cli = {
  name: 'migrate',
  help: {
    command: 'npm run migrate --',
    summary: "run the services' migrations, as the owner role, each into its service's schema",
    usage: [`[--database <name>] [--service ${SERVICE_NAMES.join('|')} ...]`],
    options: [
      {
        title: 'Options',
        options: [
          {
            flag: '--database <name>',
            description: 'the database, e.g. rcrp or rcrp_test',
            default: 'MIGRATE_DATABASE, else the one DATABASE_OWNER_URL names: rcrp',
          },
          {
            flag: `--service ${SERVICE_NAMES.join('|')}`,
            description: 'only this service; repeatable',
            default: 'all three',
          },
        ],
      },
    ],
    environment: [
      { name: 'DATABASE_OWNER_URL', description: 'the owner role', default: DEFAULT_OWNER_URL },
      { name: 'MIGRATE_DATABASE', description: 'the database when --database is not given' },
    ],
    exitCodes: { 0: 'done: every migration is applied', 1: 'a migration or the connection failed' },
    examples: ['npm run migrate', 'npm run -s migrate -- --database rcrp_test --service triage'],
    docs: 'docs/operations.md, "Command-line tools"; docs/architecture.md, "The event store"',
  },
  async run(argv) {
    const args = parseArgs(argv);
    const ownerUrl = withDatabaseName(process.env.DATABASE_OWNER_URL ?? DEFAULT_OWNER_URL, args.database);
    for (const service of args.services) {
      const schema = service;
      const migrations = SERVICE_MIGRATIONS[service]({ schema, appRole: appRoleFor(service) });
      await runMigrations({ ownerUrl, schema, migrations });
    }
  },
};

if (require.main === module) runCliMain(MIGRATE_CLI);
