import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ACTOR_REQUEST_KEY, AuthenticatedActor, RequestWithActor } from '@rcrp/auth';
import type { EventEnvelope } from '@rcrp/events';
import { etagFor, honoursIfMatch, parseIfMatch } from '@rcrp/http';
import type { Response } from 'express';
import type { CommandMetadata } from './command-metadata';
import { metadataFromRequest } from './request-metadata';

/** What every write route needs beside its path and body (DESIGN §5): who, why, which version, and the answer. */
export interface WriteRequest {
  actor: AuthenticatedActor;
  /** The token's actor and the request's correlation, causation and trace ids, for the events. */
  metadata: CommandMetadata;
  /** From `If-Match`; undefined when the caller sent none. */
  expectedVersion: number | undefined;
  response: Response;
  /** The write answer: the new version (also as `ETag`) and the appended events. */
  answer(
    incidentId: string,
    result: { version: number; events: EventEnvelope[] },
  ): {
    incidentId: string;
    version: number;
    events: EventEnvelope[];
  };
}

type Request = RequestWithActor & { headers: Record<string, string | string[] | undefined> };

/**
 * Injects the `WriteRequest` of a route behind the auth guard (a malformed `If-Match` is a 400). The route is marked as
 * honouring `If-Match`, which its OpenAPI entry then documents.
 */
export const Write = createParamDecorator(writeRequestOf, [honoursIfMatch]);

function writeRequestOf(_data: unknown, context: ExecutionContext): WriteRequest {
  const http = context.switchToHttp();
  const request = http.getRequest<Request>();
  const response = http.getResponse<Response>();
  const actor = request[ACTOR_REQUEST_KEY];
  if (!actor) throw new Error('Write used on a route without an authenticated actor');
  return {
    actor,
    metadata: metadataFromRequest(actor, request.headers),
    expectedVersion: parseIfMatch(request.headers['if-match']),
    response,
    answer(incidentId, result) {
      response.setHeader('ETag', etagFor(result.version));
      return { incidentId, version: result.version, events: result.events };
    },
  };
}
