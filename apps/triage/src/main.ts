// Keep first: see tracing.ts.
import './tracing';
import { runService } from '@rcrp/http';
import { TRIAGE_SERVICE } from './triage.service-definition';

void runService(TRIAGE_SERVICE);
