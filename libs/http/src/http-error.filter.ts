import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { ErrorBody } from './error-body';
import { unavailableDependencyOf } from './unavailable-dependency';

/** Seconds a client should wait before retrying after a 503. */
const RETRY_AFTER_SECONDS = 5;

interface Reply {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

/**
 * The one place typed errors become HTTP responses (STYLE: "errors are typed and mapped to HTTP in one place").
 * Errors from other libraries are matched on `name`, so this library does not depend on the domain or the store.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const reply = this.toReply(error);
    const { httpAdapter } = this.adapterHost;
    const response = host.switchToHttp().getResponse<unknown>();
    for (const [name, value] of Object.entries(reply.headers ?? {}))
      httpAdapter.setHeader(response, name, value);
    httpAdapter.reply(response, reply.body, reply.status);
  }

  toReply(error: unknown): Reply {
    if (error instanceof HttpException) return fromHttpException(error);
    const typed = fromTypedError(error as Record<string, unknown>);
    if (typed) return typed;
    const fromParser = fromBodyParserError(error as Record<string, unknown>);
    if (fromParser) return fromParser;

    const dependency = unavailableDependencyOf(error);
    if (dependency) {
      this.logger.warn(
        `${dependency} unavailable (${String((error as { code?: unknown })?.code ?? (error as Error)?.name ?? 'error')})`,
      );
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        body: body(
          HttpStatus.SERVICE_UNAVAILABLE,
          'Service Unavailable',
          `${dependency} is unavailable; try again shortly`,
          { dependency },
        ),
        headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      };
    }

    // Reaching this is a bug to fix; the id lets whoever reports it find the stack in the log.
    const errorId = randomUUID();
    // Name, code and stack frames only: messages can quote the values involved (a PostgreSQL error quotes the
    // input it refused), and personal data never goes into a log line.
    const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
    this.logger.error(
      `Unhandled error ${errorId}: ${String(name ?? typeof error)}${typeof code === 'string' ? ` (code ${code})` : ''}`,
      error instanceof Error ? error.stack?.split('\n').slice(1).join('\n') : undefined,
    );
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: body(
        HttpStatus.INTERNAL_SERVER_ERROR,
        'Internal Server Error',
        `An unexpected error occurred (error id ${errorId})`,
        { errorId },
      ),
    };
  }
}

function fromHttpException(error: HttpException): Reply {
  const status = error.getStatus();
  const response = error.getResponse();
  // Nest maps express' URIError for a path with broken percent-encoding to a 400 quoting the path.
  if (status === 400 && error.message.startsWith('Failed to decode param')) {
    const message = 'A path parameter is not valid percent-encoded UTF-8';
    return {
      status,
      body: body(status, reasonPhrase(status), message, {
        errors: [{ field: '(path)', reasons: [message] }],
      }),
    };
  }
  if (typeof response === 'string') return { status, body: body(status, reasonPhrase(status), response) };
  return {
    status,
    body: {
      statusCode: status,
      error: reasonPhrase(status),
      message: error.message,
      ...(response as object),
    } as ErrorBody,
  };
}

function fromTypedError(error: Record<string, unknown> | null): Reply | null {
  if (error === null || typeof error !== 'object') return null;
  const message = messageOf(error);
  switch (error.name) {
    case 'DomainError':
      // A rule that needs a field the request left out (a late entry's reason): a 400 naming it, like any
      // missing field, with the rule that asks for it.
      if (typeof error.field === 'string') {
        return {
          status: 400,
          body: body(400, 'Bad Request', message, {
            ruleId: error.ruleId,
            errors: [{ field: error.field, reasons: [message] }],
          }),
        };
      }
      return { status: 422, body: body(422, 'Unprocessable Entity', message, { ruleId: error.ruleId }) };
    case 'ConcurrencyError':
      return versionConflict(error);
    case 'IdempotencyConflictError':
      // The same event ids were re-sent with different content: neither a repeat nor a new request.
      return { status: 409, body: body(409, 'Conflict', message, { streamId: error.streamId }) };
    case 'InvalidEventError':
      // The request passed its DTO but the event it would record breaks the consumers' contract (an age derived
      // from the date of birth, say): a 400 like any field error, naming the event's fields, never their values.
      return {
        status: 400,
        body: body(400, 'Bad Request', message, { eventType: error.eventType, errors: error.fieldErrors }),
      };
    case 'NotFoundError':
      return { status: 404, body: body(404, 'Not Found', message) };
    case 'SubjectErasedError':
      // New personal data for an erased subject would undo the erasure (issue 11). The error's own message names
      // the subject reference, so the answer has a fixed one.
      return {
        status: 422,
        body: body(
          422,
          'Unprocessable Entity',
          "This person's personal data were erased: the record can be made only without its free-text and personal fields.",
          { ruleId: 'SUBJECT-ERASED' },
        ),
      };
    case 'InvalidTokenError':
      return { status: 401, body: body(401, 'Unauthorized', message) };
    case 'InvalidJsonBodyError':
      return {
        status: 400,
        body: body(400, 'Bad Request', message, error.position === null ? {} : { position: error.position }),
      };
    case 'RateLimitedError': {
      const retryAfterSeconds = Math.max(1, Number(error.retryAfterSeconds) || 1);
      return {
        status: 429,
        body: body(429, 'Too Many Requests', message, { retryAfterSeconds }),
        headers: { 'Retry-After': String(retryAfterSeconds) },
      };
    }
    default:
      return null;
  }
}

/**
 * A stale `If-Match`, or a race lost to another writer: in words the clinician or officer who loaded the case can act
 * on, naming the incident, both versions and who made the change that won. The stream id is the store's; it is not
 * shown (the error's own message, which names it, is for logs).
 */
function versionConflict(error: Record<string, unknown>): Reply {
  const expected = error.expectedVersion ?? error.expected;
  const actual = error.actualVersion ?? error.actual;
  const incidentId = typeof error.incidentId === 'string' ? error.incidentId : null;
  const change = error.lastChange as
    | { actor?: { id?: unknown; role?: unknown }; recordedAt?: unknown }
    | undefined;
  const lastChangedBy =
    typeof change?.actor?.id === 'string' && typeof change.actor.role === 'string'
      ? { id: change.actor.id, role: change.actor.role }
      : null;
  const lastChangedAt = typeof change?.recordedAt === 'string' ? change.recordedAt : null;
  const loaded =
    expected === 'no-stream' || expected === 0
      ? 'you loaded it before anything was recorded'
      : `you had version ${String(expected)}`;
  const by = lastChangedBy
    ? ` (last change by ${lastChangedBy.id}, ${lastChangedBy.role}${lastChangedAt ? `, at ${toSeconds(lastChangedAt)}` : ''})`
    : '';
  const message =
    `${incidentId ? `Case ${incidentId}` : 'This case'} was changed since you loaded it: ${loaded}, it is now ` +
    `version ${String(actual)}${by}. Reload it and check before trying again.`;
  return {
    status: 409,
    body: body(409, 'Conflict', message, {
      incidentId,
      expectedVersion: expected,
      actualVersion: actual,
      lastChangedBy,
      lastChangedAt,
    }),
  };
}

/** `2026-11-23T21:07:30.000Z` as `2026-11-23T21:07:30Z`: to the second, for a sentence. */
function toSeconds(instant: string): string {
  return instant.replace(/\.\d+Z$/, 'Z');
}

/**
 * Express' body parser rejects requests before any route runs: too large (413), unsupported charset or encoding
 * (415); malformed JSON became an `InvalidJsonBodyError` already (configure-app). It marks errors safe to show with
 * `expose`, but its messages can quote a header or the body, so each kind gets a fixed message here.
 */
function fromBodyParserError(error: Record<string, unknown> | null): Reply | null {
  if (error === null || typeof error !== 'object' || error.expose !== true) return null;
  const status = typeof error.status === 'number' ? error.status : NaN;
  if (!(status >= 400 && status < 500)) return null;
  if (error.type === 'entity.too.large') {
    return {
      status,
      body: body(
        status,
        'Payload Too Large',
        `The request body is larger than the limit of ${formatBytes(error.limit)}`,
        {
          limitBytes: error.limit,
        },
      ),
    };
  }
  const message = BODY_PARSER_MESSAGES[String(error.type)] ?? 'The request body cannot be read';
  return { status, body: body(status, reasonPhrase(status), message) };
}

const BODY_PARSER_MESSAGES: Record<string, string> = {
  'charset.unsupported':
    'The request body must be JSON in UTF-8 (Content-Type: application/json; charset=utf-8)',
  'encoding.unsupported': 'The request body must not be compressed, or only with gzip, deflate or br',
  'request.aborted': 'The request was aborted before its body was complete',
  'request.size.invalid': 'The request body is shorter or longer than its Content-Length',
};

function body(
  statusCode: number,
  error: string,
  message: string,
  details: Record<string, unknown> = {},
): ErrorBody {
  return { statusCode, error, message, ...details };
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : String(error);
}

function formatBytes(limit: unknown): string {
  return typeof limit === 'number' ? `${Math.round(limit / 1024)} kB` : 'the configured size';
}

const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}
