import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields every log line written while handling one request or record carries (never personal data). */
export interface LogFields {
  incidentId?: string;
}

const storage = new AsyncLocalStorage<LogFields>();

/** Runs `work` with its own log fields (an HTTP request, a consumed record). */
export function withLogContext<T>(fields: LogFields, work: () => T): T {
  return storage.run({ ...fields }, work);
}

/** Adds fields to the current request's or record's log context once they are known (the incident of a command). */
export function annotateLogContext(fields: LogFields): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

export function currentLogFields(): LogFields {
  return storage.getStore() ?? {};
}
