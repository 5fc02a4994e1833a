import { BadRequestException } from '@nestjs/common';
import { accessReasonFrom, accessReasonProblem, ACCESS_REASON_MIN_LENGTH } from './access-reason';

const refusal = (headers: Record<string, string | string[] | undefined>) => {
  try {
    accessReasonFrom(headers);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse() as {
      message: string;
      errors: Array<{ field: string; reasons: string[] }>;
    };
  }
  throw new Error('accepted');
};

describe('the access reason rule (X-Access-Reason and replay --reason)', () => {
  it.each([
    ['IOPC request 2026/117', null],
    [`  ${'a'.repeat(ACCESS_REASON_MIN_LENGTH)}  `, null],
    ['x'.repeat(500), null],
    ['', /is required/],
    ['   ', /is required/],
    ['x', /at least 10 characters after trimming/],
    [`   ${'a'.repeat(ACCESS_REASON_MIN_LENGTH - 1)}   `, /at least 10/],
    ['x'.repeat(501), /at most 500/],
  ])('%j -> %s', (reason, problem) => {
    const found = accessReasonProblem(reason);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it('takes the header trimmed', () => {
    expect(accessReasonFrom({ 'x-access-reason': '  court order 12345 ' })).toBe('court order 12345');
  });

  it.each([
    ['missing', {}],
    ['one character', { 'x-access-reason': 'x' }],
    ['nine characters padded with spaces', { 'x-access-reason': '  ninechars  ' }],
  ])('refuses a header that is %s with a 400 naming the header and the rule', (_case, headers) => {
    const body = refusal(headers);
    expect(body.message).toContain('X-Access-Reason');
    expect(body.errors).toEqual([{ field: 'X-Access-Reason', reasons: [expect.stringMatching(/10/)] }]);
  });

  it('never quotes the value back', () => {
    const body = refusal({ 'x-access-reason': 'Jane Doe' });
    expect(JSON.stringify(body)).not.toContain('Jane');
  });
});
