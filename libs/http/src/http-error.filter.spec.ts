import { BadRequestException, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InvalidEventError } from '@rcrp/events';
import { DependencyUnavailableError } from './dependency-unavailable.error';
import { HttpErrorFilter } from './http-error.filter';

function named(name: string, fields: Record<string, unknown> = {}, message = 'boom'): Error {
  return Object.assign(new Error(message), { name, ...fields });
}

describe('HttpErrorFilter.toReply', () => {
  const filter = new HttpErrorFilter({} as HttpAdapterHost);

  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterAll(() => jest.restoreAllMocks());

  it('maps a DomainError to 422 with its rule id', () => {
    const reply = filter.toReply(
      named('DomainError', { ruleId: 'S136-PRIVATE-DWELLING' }, 'Section 136 cannot be used in a dwelling'),
    );
    expect(reply).toEqual({
      status: 422,
      body: {
        statusCode: 422,
        error: 'Unprocessable Entity',
        ruleId: 'S136-PRIVATE-DWELLING',
        message: 'Section 136 cannot be used in a dwelling',
      },
    });
  });

  it('maps a DomainError that names a missing field to 400 with the field and the rule id', () => {
    const reply = filter.toReply(
      named('DomainError', { ruleId: 'LATE-ENTRY-REASON-REQUIRED', field: 'lateEntryReason' }, 'Say why'),
    );
    expect(reply).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        ruleId: 'LATE-ENTRY-REASON-REQUIRED',
        message: 'Say why',
        errors: [{ field: 'lateEntryReason', reasons: ['Say why'] }],
      },
    });
  });

  it('maps a ConcurrencyError to 409 naming the incident, both versions and who made the change that won', () => {
    const incidentId = '0192f000-0000-7000-8000-000000000001';
    const reply = filter.toReply(
      named(
        'ConcurrencyError',
        {
          streamId: `triage-${incidentId}`,
          expected: 3,
          actual: 4,
          incidentId,
          lastChange: { actor: { id: 'RN-104', role: 'clinician' }, recordedAt: '2026-11-23T21:07:30.123Z' },
        },
        `stream triage-${incidentId} is at version 4, expected 3`,
      ),
    );
    expect(reply).toEqual({
      status: 409,
      body: {
        statusCode: 409,
        error: 'Conflict',
        message: `Case ${incidentId} was changed since you loaded it: you had version 3, it is now version 4 (last change by RN-104, clinician, at 2026-11-23T21:07:30Z). Reload it and check before trying again.`,
        incidentId,
        expectedVersion: 3,
        actualVersion: 4,
        lastChangedBy: { id: 'RN-104', role: 'clinician' },
        lastChangedAt: '2026-11-23T21:07:30.123Z',
      },
    });
    expect(JSON.stringify(reply.body)).not.toContain(`triage-${incidentId}`);
  });

  it('words a conflict it knows less of without guessing: no incident, no winner, nothing recorded when loaded', () => {
    const reply = filter.toReply(
      named('ConcurrencyError', { streamId: 'outcome-1', expected: 'no-stream', actual: 1 }, 'stream moved'),
    );
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({
      message:
        'This case was changed since you loaded it: you loaded it before anything was recorded, it is now version 1. Reload it and check before trying again.',
      incidentId: null,
      lastChangedBy: null,
      lastChangedAt: null,
    });
    expect(JSON.stringify(reply.body)).not.toContain('outcome-1');
  });

  it('maps an InvalidEventError (libs/events) to 400 with the fields of the event, never their values', () => {
    const refused = new InvalidEventError('IncidentReported', [
      { path: 'data.subject.ageYears', reason: 'data.subject.ageYears must not be greater than 130' },
    ]);
    expect(filter.toReply(refused)).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message:
          'The IncidentReported event this request would record is invalid: subject.ageYears: subject.ageYears must not be greater than 130',
        eventType: 'IncidentReported',
        errors: [{ field: 'subject.ageYears', reasons: ['subject.ageYears must not be greater than 130'] }],
      },
    });
  });

  it('maps NotFoundError to 404 and InvalidTokenError to 401', () => {
    expect(filter.toReply(named('NotFoundError', {}, 'no incident 42')).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'no incident 42',
    });
    expect(filter.toReply(named('InvalidTokenError')).status).toBe(401);
  });

  it('maps a SubjectErasedError to 422 SUBJECT-ERASED without naming the subject', () => {
    const reply = filter.toReply(
      named('SubjectErasedError', { subjectRef: 'subj-1' }, 'subject subj-1 erased'),
    );
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({ statusCode: 422, ruleId: 'SUBJECT-ERASED' });
    expect(JSON.stringify(reply.body)).not.toContain('subj-1');
  });

  it('keeps HttpExceptions as Nest shapes them', () => {
    expect(filter.toReply(new BadRequestException('If-Match must be a version'))).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: 'If-Match must be a version' },
    });
  });

  it.each([
    [
      'pg refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      'database',
    ],
    ['pg admin shutdown', Object.assign(new Error('terminating connection'), { code: '57P01' }), 'database'],
    ['pg pool timeout', new Error('timeout exceeded when trying to connect'), 'database'],
    [
      'TypeORM-wrapped pg error',
      named('QueryFailedError', { driverError: Object.assign(new Error('x'), { code: '08006' }) }),
      'database',
    ],
    ['kafkajs connection error', named('KafkaJSConnectionError', { code: 'ECONNREFUSED' }), 'kafka'],
    [
      'kafkajs retries exhausted',
      named('KafkaJSNumberOfRetriesExceeded', { cause: named('KafkaJSConnectionError') }),
      'kafka',
    ],
    [
      'kafkajs wrapper around a socket error',
      named('KafkaJSNonRetriableError', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }),
      'kafka',
    ],
    ['typed dependency error', new DependencyUnavailableError('identity provider'), 'identity provider'],
  ])('maps %s to 503 naming the dependency', (_label, error, dependency) => {
    const reply = filter.toReply(error);
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({ error: 'Service Unavailable', dependency });
    expect(reply.body.message).toContain(dependency);
    expect(reply.headers).toEqual({ 'Retry-After': '5' });
  });

  it('does not treat a failed query as an outage', () => {
    const reply = filter.toReply(
      named('QueryFailedError', { driverError: Object.assign(new Error('x'), { code: '23505' }) }),
    );
    expect(reply.status).toBe(500);
  });

  it('maps the body parser’s 413 with the limit', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), {
      expose: true,
      status: 413,
      type: 'entity.too.large',
      limit: 262144,
    });
    expect(filter.toReply(tooLarge)).toEqual({
      status: 413,
      body: {
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'The request body is larger than the limit of 256 kB',
        limitBytes: 262144,
      },
    });
  });

  it('maps a RateLimitedError to 429 with Retry-After', () => {
    const reply = filter.toReply(named('RateLimitedError', { retryAfterSeconds: 42 }, 'Too many writes'));
    expect(reply).toEqual({
      status: 429,
      body: {
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Too many writes',
        retryAfterSeconds: 42,
      },
      headers: { 'Retry-After': '42' },
    });
  });

  it('maps an InvalidJsonBodyError to 400 with the position only', () => {
    expect(filter.toReply(named('InvalidJsonBodyError', { position: 7 }, 'not JSON at 7')).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'not JSON at 7',
      position: 7,
    });
  });

  it('answers a broken percent-encoded path without quoting it', () => {
    const reply = filter.toReply(new BadRequestException("Failed to decode param '%E0%A4%A'"));
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).not.toContain('%E0');
  });

  it('gives body parser errors fixed messages, never their own', () => {
    const charset = Object.assign(new Error('unsupported charset "JANE-DOE"'), {
      expose: true,
      status: 415,
      type: 'charset.unsupported',
    });
    expect(JSON.stringify(filter.toReply(charset).body)).not.toContain('JANE');
  });

  it('answers anything else with 500 and an error id, never the stack or the message', () => {
    const reply = filter.toReply(new TypeError("Cannot read properties of undefined (reading 'secret')"));
    expect(reply.status).toBe(500);
    expect(reply.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(reply.body)).not.toContain('secret');
    expect(JSON.stringify(reply.body)).not.toContain('at ');
  });
});
