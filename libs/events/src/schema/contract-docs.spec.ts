import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_DEFINITIONS } from '../registry';
import { generateContractDocs } from './contract-docs';

const docsDir = join(__dirname, '..', '..', '..', '..', 'docs');

describe('generated contract (docs/asyncapi.yaml, docs/schemas)', () => {
  const docs = generateContractDocs();

  it('docs/asyncapi.yaml is current (run `npm run asyncapi` after changing libs/events)', () => {
    expect(readFileSync(join(docsDir, 'asyncapi.yaml'), 'utf8')).toBe(docs.asyncapiYaml);
  });

  it('docs/schemas holds exactly the current schemas', () => {
    const committed = readdirSync(join(docsDir, 'schemas'))
      .filter((file) => file.endsWith('.json'))
      .sort();
    expect(committed).toEqual(Object.keys(docs.schemas).sort());
    for (const file of committed) {
      expect({ file, content: readFileSync(join(docsDir, 'schemas', file), 'utf8') }).toEqual({
        file,
        content: docs.schemas[file],
      });
    }
  });

  it('describes every event type, the inbound report and the envelope', () => {
    for (const type of [...Object.keys(EVENT_DEFINITIONS), 'IncidentReport', 'EventEnvelope']) {
      expect(docs.schemas).toHaveProperty([`${type}.json`]);
    }
    for (const topic of ['rcrp.incidents.inbound.v1', 'rcrp.outcomes.events.v1.dlq']) {
      expect(docs.asyncapiYaml).toContain(`address: ${topic}`);
    }
  });
});
