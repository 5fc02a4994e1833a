import type { Response } from 'supertest';

/**
 * Every answer a test file's requests got, for its "no 5xx" check. That check must be able to fail: run alone
 * (`jest -t`), a file's other tests do not run and the log is empty, so `expectNoServerErrors` refuses an empty
 * log; the check makes requests of its own first.
 */
export class ResponseLog {
  readonly entries: Array<{ request: string; status: number }> = [];

  track<T extends Pick<Response, 'status'>>(response: T, request = describeRequest(response)): T {
    this.entries.push({ request, status: response.status });
    return response;
  }

  expectNoServerErrors(): void {
    expect(this.entries.length).toBeGreaterThan(0);
    expect(this.entries.filter((entry) => entry.status >= 500)).toEqual([]);
  }
}

function describeRequest(response: object): string {
  const sent = (response as { req?: { method?: string; path?: string } }).req;
  return sent?.method && sent.path ? `${sent.method} ${sent.path}` : 'request';
}
