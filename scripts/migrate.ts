/**
 * Runs every service's migrations as the owner role into that service's schema.
 *
 *   npm run migrate [-- --database rcrp|rcrp_test] [--service intake|triage|outcomes]
 *
 * The database is `--database`, else MIGRATE_DATABASE, else the one DATABASE_OWNER_URL names (default rcrp).
 */
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

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): MigrateArgs {
  const ownerUrl = env.DATABASE_OWNER_URL ?? DEFAULT_OWNER_URL;
  let database = env.MIGRATE_DATABASE ?? databaseName(ownerUrl);
  const services: ServiceName[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    const value = argv[index + 1];
    if (flag === '--database' && value) {
      database = value;
      index += 1;
    } else if (flag === '--service' && value && (SERVICE_NAMES as readonly string[]).includes(value)) {
      services.push(value as ServiceName);
      index += 1;
    } else {
      throw new Error(
        `unknown or incomplete argument "${flag}" (usage: --database <name> --service ${SERVICE_NAMES.join('|')})`,
      );
    }
  }
  return { database, services: services.length > 0 ? services : [...SERVICE_NAMES] };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const ownerUrl = withDatabaseName(process.env.DATABASE_OWNER_URL ?? DEFAULT_OWNER_URL, args.database);
  for (const service of args.services) {
    const schema = service;
    const migrations = SERVICE_MIGRATIONS[service]({ schema, appRole: appRoleFor(service) });
    await runMigrations({ ownerUrl, schema, migrations });
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`[migrate] ERROR: ${error.message}`);
    process.exit(1);
  });
}
