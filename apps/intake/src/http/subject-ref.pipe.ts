import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/** Subject references as intake makes them: `subj-<uuid>`. Anything else is a 400, not a lookup. */
const SUBJECT_REF = /^subj-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

@Injectable()
export class ParseSubjectRefPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value === 'string' && SUBJECT_REF.test(value)) return value;
    const reason = 'must be a subject reference such as subj-0192f3a4-5b6c-7d8e-9f01-23456789abcd';
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: `Validation failed: subjectRef: ${reason}`,
      errors: [{ field: 'subjectRef', reasons: [reason] }],
    });
  }
}
