import { describeServiceFoundation } from '@rcrp/testing';
import { OutcomesModule } from '../src/outcomes.module';

describeServiceFoundation('outcomes', (config) => OutcomesModule.forConfig(config));
