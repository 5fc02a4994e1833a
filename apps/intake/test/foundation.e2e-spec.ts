import { describeServiceFoundation } from '@rcrp/testing';
import { IntakeModule } from '../src/intake.module';

describeServiceFoundation('intake', (config) => IntakeModule.forConfig(config));
