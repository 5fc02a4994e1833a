import { DatabaseUnavailableError } from '../check-database';
import {
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  retryOnConflict,
  retryPolicy,
  RetryAttempts,
  type RetryPolicy,
} from './retry-policy';

/** Stands for the event store's ConcurrencyError, which this library knows by name only. */
class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
}
const conflict = () => new ConcurrencyError('stream moved');
const outage = () =>
  Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
const refusal = () => Object.assign(new Error('rule broken'), { name: 'DomainError' });

describe('classifyFailure', () => {
  it('says a ConcurrencyError is a version conflict', () => {
    expect(classifyFailure(conflict())).toBe('version-conflict');
  });

  it.each([
    ['a PostgreSQL shutdown', outage()],
    ['a lost connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a serialization failure', Object.assign(new Error('could not serialize'), { code: '40001' })],
    ['a deadlock', Object.assign(new Error('deadlock detected'), { code: '40P01' })],
    ['too many connections', Object.assign(new Error('too many clients'), { code: '53300' })],
    ['a lock timeout', Object.assign(new Error('lock timeout'), { code: '55P03' })],
    ['pg losing its connection', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['a retriable broker error', Object.assign(new Error('leader not available'), { retriable: true })],
    ['the database check failing', new DatabaseUnavailableError('database unavailable')],
  ])('says %s is transient', (_, error) => {
    expect(classifyFailure(error)).toBe('transient');
  });

  it.each([
    ['a domain refusal', refusal()],
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a syntax error', Object.assign(new Error('syntax error'), { code: '42601' })],
    ['a bug', new TypeError('x is undefined')],
    ['a thrown string', 'oops'],
    ['nothing', undefined],
  ])('says %s is final', (_, error) => {
    expect(classifyFailure(error)).toBe('final');
  });
});

describe('retryOnConflict', () => {
  const policy = retryPolicy({ conflictAttempts: 3 });

  it('tries again at once on a conflict and returns the first success', async () => {
    const work = jest.fn().mockRejectedValueOnce(conflict()).mockResolvedValueOnce('done');
    await expect(retryOnConflict(policy, work)).resolves.toBe('done');
    expect(work.mock.calls).toEqual([[1], [2]]);
  });

  it('throws the last conflict after conflictAttempts tries in all', async () => {
    const last = conflict();
    const work = jest
      .fn()
      .mockRejectedValueOnce(conflict())
      .mockRejectedValueOnce(conflict())
      .mockRejectedValue(last);
    await expect(retryOnConflict(policy, work)).rejects.toBe(last);
    expect(work).toHaveBeenCalledTimes(3);
  });

  it.each([
    ['transient', outage()],
    ['final', refusal()],
  ])('does not try a %s failure again (a request path answers 503 or the error)', async (_, error) => {
    const work = jest.fn().mockRejectedValue(error);
    await expect(retryOnConflict(policy, work)).rejects.toBe(error);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('follows a policy passed in: its own classification and number of tries', async () => {
    const everythingConflicts: RetryPolicy = retryPolicy({
      conflictAttempts: 2,
      classify: () => 'version-conflict',
    });
    const work = jest.fn().mockRejectedValue(refusal());
    await expect(retryOnConflict(everythingConflicts, work)).rejects.toMatchObject({ name: 'DomainError' });
    expect(work).toHaveBeenCalledTimes(2);
  });
});

describe('RetryAttempts (one consumed record)', () => {
  const policy = retryPolicy({ conflictAttempts: 3, backoff: { initialMs: 100, maxMs: 400 } });

  it('retries conflicts at once, then gives the last one up', () => {
    const attempts = new RetryAttempts(policy);
    expect(attempts.after(conflict())).toEqual({ retry: 'now' });
    expect(attempts.after(conflict())).toEqual({ retry: 'now' });
    expect(attempts.after(conflict())).toEqual({ retry: 'no' });
  });

  it('waits out transient failures for as long as they last, the wait growing to the maximum', () => {
    const attempts = new RetryAttempts(policy);
    const delays = Array.from({ length: 20 }, () => attempts.after(outage()));
    for (const step of delays) expect(step.retry).toBe('after');
    const ms = delays.map((step) => (step.retry === 'after' ? step.delayMs : NaN));
    expect(ms[0]).toBeGreaterThanOrEqual(80);
    expect(ms[0]).toBeLessThanOrEqual(120);
    expect(ms[19]).toBeGreaterThanOrEqual(320);
    expect(ms[19]).toBeLessThanOrEqual(480);
    expect(attempts.waits).toBe(20);
  });

  it('does not count transient failures as conflicts', () => {
    const attempts = new RetryAttempts(policy);
    expect(attempts.after(conflict())).toEqual({ retry: 'now' });
    attempts.after(outage());
    attempts.after(outage());
    expect(attempts.after(conflict())).toEqual({ retry: 'now' });
  });

  it('gives a final failure up at once', () => {
    expect(new RetryAttempts(policy).after(refusal())).toEqual({ retry: 'no' });
  });

  it('waits on the same back-off for a failure that must be waited out whatever it is', () => {
    const attempts = new RetryAttempts(policy);
    expect(attempts.wait()).toBeLessThanOrEqual(120);
    expect(attempts.wait()).toBeGreaterThanOrEqual(160);
    expect(attempts.waits).toBe(2);
  });
});

describe('retryPolicy', () => {
  it('defaults to ten tries for conflicts and the 200 ms to 5 s back-off', () => {
    expect(DEFAULT_RETRY_POLICY).toMatchObject({
      conflictAttempts: 10,
      backoff: { initialMs: 200, maxMs: 5_000 },
    });
    expect(DEFAULT_RETRY_POLICY.classify(conflict())).toBe('version-conflict');
  });

  it('refuses a number of tries that would never try at all', () => {
    expect(() => retryPolicy({ conflictAttempts: 0 })).toThrow(RangeError);
    expect(() => retryPolicy({ conflictAttempts: 1.5 })).toThrow(RangeError);
  });
});
