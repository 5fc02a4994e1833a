/**
 * `npm run asyncapi`: writes docs/asyncapi.yaml and docs/schemas/<Message>.json from the event definitions in
 * libs/events. Schema files no longer generated are removed, so docs/schemas holds exactly the contract.
 * `npm run contracts` writes these together with the OpenAPI documents.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateContractDocs } from '@rcrp/events';

const docsDir = join(__dirname, '..', 'docs');
const schemasDir = join(docsDir, 'schemas');

/** Writes the AsyncAPI document and its schemas; returns what it wrote, in one line. */
export function writeAsyncApiContract(): string {
  const docs = generateContractDocs();
  mkdirSync(schemasDir, { recursive: true });
  writeFileSync(join(docsDir, 'asyncapi.yaml'), docs.asyncapiYaml);
  for (const [file, content] of Object.entries(docs.schemas)) writeFileSync(join(schemasDir, file), content);
  for (const file of readdirSync(schemasDir)) {
    if (file.endsWith('.json') && !(file in docs.schemas)) rmSync(join(schemasDir, file));
  }
  return `asyncapi: wrote docs/asyncapi.yaml and ${Object.keys(docs.schemas).length} schemas in docs/schemas`;
}

if (require.main === module) console.log(writeAsyncApiContract());
