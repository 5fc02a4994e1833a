/**
 * `npm run contracts`: writes the published contracts from the code that serves them: docs/openapi/<service>.json
 * (each service's OpenAPI document, built from its controllers without starting it: no PostgreSQL, no Kafka) and
 * docs/asyncapi.yaml with docs/schemas (`npm run asyncapi`). scripts/contracts.spec.ts fails when they are stale.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument, openApiJson, type ServiceDefinition } from '@rcrp/http';
import { INTAKE_SERVICE } from '../apps/intake/src/intake.service-definition';
import { OUTCOMES_SERVICE } from '../apps/outcomes/src/outcomes.service-definition';
import { TRIAGE_SERVICE } from '../apps/triage/src/triage.service-definition';
import { writeAsyncApiContract } from './asyncapi';

export const CONTRACT_SERVICES: readonly ServiceDefinition[] = [
  INTAKE_SERVICE,
  TRIAGE_SERVICE,
  OUTCOMES_SERVICE,
];

export const REPOSITORY_ROOT = join(__dirname, '..');
export const OPENAPI_DIR = 'docs/openapi';

/** The path of a service's document, relative to the repository root. */
export function openApiPath(definition: ServiceDefinition): string {
  return `${OPENAPI_DIR}/${definition.service}.json`;
}

/** Every service's OpenAPI document as committed: path relative to the repository root -> content. */
export async function openApiContracts(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const definition of CONTRACT_SERVICES) {
    files.set(openApiPath(definition), openApiJson(await buildOpenApiDocument(definition)));
  }
  return files;
}

async function main(): Promise<void> {
  const files = await openApiContracts();
  const dir = join(REPOSITORY_ROOT, OPENAPI_DIR);
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of files) writeFileSync(join(REPOSITORY_ROOT, path), content);
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.json') && !files.has(`${OPENAPI_DIR}/${file}`)) rmSync(join(dir, file));
  }
  console.log(`contracts: wrote ${[...files.keys()].join(', ')}`);
  console.log(writeAsyncApiContract());
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
