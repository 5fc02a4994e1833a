import { createParamDecorator, ExecutionContext, ParamDecoratorEnhancer } from '@nestjs/common';
import { validationFailed } from './validation';

/** A stream version, bare or quoted (`3`, `"3"`, `W/"3"`): what `If-Match` may hold once trimmed. */
export const IF_MATCH_VALUE = /^(?:W\/)?"?(\d{1,9})"?$/;

/**
 * Optimistic concurrency over HTTP (DESIGN §5): writes accept `If-Match: <version>` and responses carry
 * `ETag: "<version>"`. Both the bare and the quoted form are accepted, since RFC 9110 quotes entity tags but the
 * design and most hand-written clients do not.
 *
 * Returns undefined when the header is absent (the write then appends at whatever version the stream is at).
 */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  const match = IF_MATCH_VALUE.exec(value);
  if (!match) {
    // The header's value is not repeated: errors never quote what was sent.
    throw validationFailed([
      {
        field: 'If-Match',
        reasons: ['If-Match must be a stream version, a non-negative integer such as 3 or "3"'],
      },
    ]);
  }
  return Number(match[1]);
}

/** The `ETag` header value for a stream version. */
export function etagFor(version: number): string {
  return `"${version}"`;
}

/** Set on a route handler by the parameter decorators that read `If-Match`; the OpenAPI contract documents the header from it. */
export const IF_MATCH_KEY = 'rcrp:if-match';

/** A `createParamDecorator` enhancer for the decorators that read `If-Match`: marks the handler as honouring it. */
export const honoursIfMatch: ParamDecoratorEnhancer = (target, key) => {
  if (key !== undefined)
    Reflect.defineMetadata(IF_MATCH_KEY, true, (target as Record<string | symbol, object>)[key]);
};

/** Injects the parsed `If-Match` version (or undefined) into a controller method. */
export const IfMatchVersion = createParamDecorator(
  (_data: unknown, context: ExecutionContext): number | undefined =>
    parseIfMatch(
      context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers[
        'if-match'
      ],
    ),
  [honoursIfMatch],
);
