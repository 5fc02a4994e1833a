import type { ServiceDefinition } from '@rcrp/http';
import { connectInboxTransport } from '@rcrp/runtime';
import { IntakeModule } from './intake.module';

/** The intake service as `runService` starts it and `npm run contracts` documents it (docs/openapi/intake.json). */
export const INTAKE_SERVICE: ServiceDefinition = {
  service: 'intake',
  transports: connectInboxTransport,
  module: (config) => IntakeModule.forConfig(config),
  api: {
    title: 'RCRP intake',
    description:
      'Receives incident reports (hotline calls and external systems) and owns the event stream of each incident.',
    version: '0.1.0',
  },
};
