import { problemFrom, reasonsFor } from './api-problem';

describe("problems from the services' error shape", () => {
  it('shows a refused rule with its message and rule id (422)', () => {
    const problem = problemFrom(422, {
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: 'Advice needs an answered call',
      ruleId: 'TRIAGE-NOT-ANSWERED',
    });
    expect(problem).toEqual({
      status: 422,
      message: 'Advice needs an answered call',
      ruleId: 'TRIAGE-NOT-ANSWERED',
      fields: [],
      conflict: null,
    });
  });

  it('names every invalid field with its reasons (400)', () => {
    const problem = problemFrom(400, {
      statusCode: 400,
      message: 'Validation failed: rationale: is required',
      errors: [
        { field: 'rationale', reasons: ['is required'] },
        { field: 'factors.0', reasons: ['must be at most 200 characters'] },
      ],
    });
    expect(reasonsFor(problem, 'rationale')).toEqual(['is required']);
    expect(reasonsFor(problem, 'level')).toEqual([]);
    expect(problem.fields).toHaveLength(2);
  });

  it('keeps the versions of a conflict (409)', () => {
    const problem = problemFrom(409, {
      statusCode: 409,
      message: 'Expected version 3 but the stream is at 4',
      expectedVersion: 3,
      actualVersion: 4,
    });
    expect(problem.conflict).toEqual({ expectedVersion: 3, actualVersion: 4 });
  });

  it('gives a message of its own to an answer without one', () => {
    expect(problemFrom(503, '<html>bad gateway</html>').message).toBe(
      'A service is unavailable: try again shortly.',
    );
    expect(problemFrom(418, null).message).toBe('The request failed (HTTP 418).');
    expect(problemFrom(0, null).message).toMatch(/cannot be reached/);
  });
});
