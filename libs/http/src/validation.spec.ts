import { BadRequestException } from '@nestjs/common';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Nested } from '@rcrp/events';
import { createValidationPipe } from './validation';

class Officer {
  @IsString() @MinLength(1) @MaxLength(50) id: string;
  @IsString() @MinLength(1) @MaxLength(20) force: string;
}

class AnswerRequest {
  @IsIn(['registered-nurse', 'amhp']) profession: string;
  @IsString() @MinLength(1) @MaxLength(100) clinicianId: string;
  @Nested(() => Officer) officer: Officer;
  @IsOptional() @IsInt() minutes?: number;
}

/** What the pipe answers for `body`: the 400's body, or null when it passes. */
async function refusalOf(body: unknown): Promise<Record<string, unknown> | null> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: AnswerRequest });
    return null;
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return error.getResponse() as Record<string, unknown>;
  }
}

const valid = { profession: 'amhp', clinicianId: 'AMHP-311', officer: { id: 'PC-4821', force: 'MPS' } };

describe('createValidationPipe: the 400 for invalid input', () => {
  it('says a missing required field "is required", not the rules of its type and length', async () => {
    const { clinicianId: _left, ...withoutClinician } = valid;
    expect((await refusalOf(withoutClinician))?.errors).toEqual([
      { field: 'clinicianId', reasons: ['is required'] },
    ]);
  });

  it('keeps the dotted path of a missing nested field, and of a missing nested object', async () => {
    expect((await refusalOf({ ...valid, officer: { id: 'PC-4821' } }))?.errors).toEqual([
      { field: 'officer.force', reasons: ['is required'] },
    ]);
    const { officer: _left, ...withoutOfficer } = valid;
    expect((await refusalOf(withoutOfficer))?.errors).toEqual([
      { field: 'officer', reasons: ['is required'] },
    ]);
  });

  it('gives a present but wrong field its rules, without repeating the value', async () => {
    const refusal = await refusalOf({ ...valid, clinicianId: 'x'.repeat(101), profession: 'Jane Doe' });
    expect(refusal?.errors).toEqual([
      { field: 'profession', reasons: [expect.stringContaining('profession must be one of')] },
      { field: 'clinicianId', reasons: ['clinicianId must be shorter than or equal to 100 characters'] },
    ]);
    expect(JSON.stringify(refusal)).not.toContain('Jane Doe');
    expect(JSON.stringify(refusal)).not.toContain('x'.repeat(101));
  });

  it('leaves an absent optional field alone and still refuses an unknown one by name only', async () => {
    expect(await refusalOf(valid)).toBeNull();
    const refusal = await refusalOf({ ...valid, name: 'Jane Doe' });
    expect(refusal?.errors).toEqual([{ field: 'name', reasons: ['property name should not exist'] }]);
    expect(JSON.stringify(refusal)).not.toContain('Jane Doe');
  });

  it('says every missing field of an empty body is required, in the message too', async () => {
    const refusal = await refusalOf({});
    expect(refusal?.errors).toEqual([
      { field: 'profession', reasons: ['is required'] },
      { field: 'clinicianId', reasons: ['is required'] },
      { field: 'officer', reasons: ['is required'] },
    ]);
    expect(refusal?.message).toBe(
      'Validation failed: profession: is required; clinicianId: is required; officer: is required',
    );
  });
});
