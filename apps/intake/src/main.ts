// Keep first: see tracing.ts.
import './tracing';
import { runService } from '@rcrp/http';
import { INTAKE_SERVICE } from './intake.service-definition';

void runService(INTAKE_SERVICE);
