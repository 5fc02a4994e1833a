import { TriageModule } from '../src/triage.module';
import { describeServiceFoundation } from '../../intake/test/support/service-contract';

describeServiceFoundation('triage', (config) => TriageModule.forConfig(config));
