import { BadRequestException } from '@nestjs/common';
import { ParseUuidPipe } from './parse-uuid.pipe';

describe('ParseUuidPipe', () => {
  const pipe = new ParseUuidPipe();
  const metadata = { type: 'param', data: 'incidentId' } as const;

  it('passes a UUID through', () => {
    const id = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
    expect(pipe.transform(id, metadata)).toBe(id);
  });

  it.each(['not-a-uuid', '', '0192f3a4-5b6c-7d8e-9f01-23456789abcdX', 42])(
    'refuses %p naming the parameter, without repeating it',
    (value) => {
      let thrown: unknown;
      try {
        pipe.transform(value, metadata);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(BadRequestException);
      const response = (thrown as BadRequestException).getResponse();
      expect(response).toMatchObject({
        errors: [{ field: 'incidentId', reasons: ['incidentId must be a UUID'] }],
      });
      if (typeof value === 'string' && value.length > 0)
        expect(JSON.stringify(response)).not.toContain(value);
    },
  );
});
