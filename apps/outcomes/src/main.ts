// Keep first: see tracing.ts.
import './tracing';
import { runService } from '@rcrp/http';
import { connectInboxTransport } from '@rcrp/runtime';
import { OutcomesModule } from './outcomes.module';

void runService({
  service: 'outcomes',
  transports: connectInboxTransport,
  module: (config) => OutcomesModule.forConfig(config),
  api: {
    title: 'RCRP outcomes',
    description:
      'Section 136 decisions and every other disposition, with the legal rules of the Mental Health Act enforced.',
    version: '0.1.0',
  },
});
