import { BadRequestException } from '@nestjs/common';

/**
 * Keyset cursor of `GET /incidents`: the last row's (reportedAt, incidentId). Pages never repeat or skip rows
 * that existed when the first page was read, however many reports arrive meanwhile.
 */
export function encodeCursor(last: { reportedAt: string; incidentId: string }): string {
  return Buffer.from(JSON.stringify([last.reportedAt, last.incidentId])).toString('base64url');
}

export function decodeCursor(cursor: string): { reportedAt: string; incidentId: string } {
  try {
    const [reportedAt, incidentId] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as unknown[];
    if (
      typeof reportedAt === 'string' &&
      !Number.isNaN(Date.parse(reportedAt)) &&
      typeof incidentId === 'string' &&
      /^[0-9a-f-]{36}$/i.test(incidentId)
    ) {
      return { reportedAt, incidentId };
    }
  } catch {
    // fall through to the 400 below
  }
  throw new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: 'Validation failed: cursor: is not a cursor this service returned',
    errors: [{ field: 'cursor', reasons: ['is not a cursor this service returned'] }],
  });
}
