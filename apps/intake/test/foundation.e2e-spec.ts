import { IntakeModule } from '../src/intake.module';
import { describeServiceFoundation } from './support/service-contract';

describeServiceFoundation('intake', (config) => IntakeModule.forConfig(config));
