import { OutcomesModule } from '../src/outcomes.module';
import { describeServiceFoundation } from '../../intake/test/support/service-contract';

describeServiceFoundation('outcomes', (config) => OutcomesModule.forConfig(config));
