import type { ServiceDefinition } from '@rcrp/http';
import { connectInboxTransport } from '@rcrp/runtime';
import { OutcomesModule } from './outcomes.module';

/** The outcomes service as `runService` starts it and `npm run contracts` documents it (docs/openapi/outcomes.json). */
export const OUTCOMES_SERVICE: ServiceDefinition = {
  service: 'outcomes',
  transports: connectInboxTransport,
  module: (config) => OutcomesModule.forConfig(config),
  api: {
    title: 'RCRP outcomes',
    description:
      'Section 136 decisions and every other disposition, with the legal rules of the Mental Health Act enforced.',
    version: '0.1.0',
  },
};
