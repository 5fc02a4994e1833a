// Keep first: see tracing.ts.
import './tracing';
import { runService } from '@rcrp/http';
import { connectInboxTransport } from '@rcrp/runtime';
import { IntakeModule } from './intake.module';

void runService({
  service: 'intake',
  transports: connectInboxTransport,
  module: (config) => IntakeModule.forConfig(config),
  api: {
    title: 'RCRP intake',
    description:
      'Receives incident reports (hotline calls and external systems) and owns the event stream of each incident.',
    version: '0.1.0',
  },
});
