import { classifyFailure, isVersionConflict } from '@rcrp/database';
import { ConcurrencyError, IdempotencyConflictError, InvalidAppendError } from './errors';

/** The retry policy (libs/database) knows the store's errors by name, since it cannot import them: this pins it. */
describe('the store errors as the retry policy sees them', () => {
  it('a ConcurrencyError is a version conflict', () => {
    const error = new ConcurrencyError('incident-1', 2, 3);
    expect(isVersionConflict(error)).toBe(true);
    expect(classifyFailure(error)).toBe('version-conflict');
  });

  it('an idempotency conflict and a malformed append are final', () => {
    expect(classifyFailure(new IdempotencyConflictError('incident-1', ['e1'], 'mixed'))).toBe('final');
    expect(classifyFailure(new InvalidAppendError('empty'))).toBe('final');
  });
});
