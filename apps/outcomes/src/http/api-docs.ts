import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { openApiSchemaOf } from '@rcrp/http';

/**
 * The Swagger description every outcome command shares: its body, the answers and the errors. Roles (401, 403) and
 * `If-Match` (409) are added to every route from its decorators (libs/http, openapi-contract.ts).
 */
export function OutcomeCommandDocs(
  summary: string,
  body: Parameters<typeof openApiSchemaOf>[0],
  example: object,
) {
  return applyDecorators(
    ApiOperation({
      summary,
      description:
        'Honours `If-Match: <version>`; answers the new version (also as ETag) and the appended events.',
    }),
    ApiBody({ schema: openApiSchemaOf(body), examples: { example: { value: example } } }),
    ApiResponse({
      status: 200,
      description: 'Recorded: the outcome stream version and the appended events.',
    }),
    ApiResponse({ status: 400, description: 'Invalid body: every invalid field is named with its reasons.' }),
    ApiResponse({ status: 404, description: 'Outcomes knows no such incident (yet).' }),
    ApiResponse({
      status: 422,
      description:
        'The law (or the case so far) does not allow it: `ruleId` names the rule, `message` says why.',
    }),
  );
}
