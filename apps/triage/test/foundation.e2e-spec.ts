import { describeServiceFoundation } from '@rcrp/testing';
import { TriageModule } from '../src/triage.module';

describeServiceFoundation('triage', (config) => TriageModule.forConfig(config));
