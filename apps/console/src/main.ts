import { runConsole } from './run-console';

void runConsole();
