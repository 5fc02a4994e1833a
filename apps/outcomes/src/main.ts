// Keep first: see tracing.ts.
import './tracing';
import { runService } from '@rcrp/http';
import { OUTCOMES_SERVICE } from './outcomes.service-definition';

void runService(OUTCOMES_SERVICE);
