// Keep first: see tracing.ts.
import './tracing';
import { runService } from '@rcrp/http';
import { connectInboxTransport } from '@rcrp/runtime';
import { TriageModule } from './triage.module';

void runService({
  service: 'triage',
  transports: connectInboxTransport,
  module: (config) => TriageModule.forConfig(config),
  api: {
    title: 'RCRP triage',
    description:
      'Clinical triage on the advice line: answering, risk assessment, records checks and advice, per incident.',
    version: '0.1.0',
  },
});
