import type { ServiceDefinition } from '@rcrp/http';
import { connectInboxTransport } from '@rcrp/runtime';
import { TriageModule } from './triage.module';

/** The triage service as `runService` starts it and `npm run contracts` documents it (docs/openapi/triage.json). */
export const TRIAGE_SERVICE: ServiceDefinition = {
  service: 'triage',
  transports: connectInboxTransport,
  module: (config) => TriageModule.forConfig(config),
  api: {
    title: 'RCRP triage',
    description:
      'Clinical triage on the advice line: answering, risk assessment, records checks and advice, per incident.',
    version: '0.1.0',
  },
};
