import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { completeContract, operationIdOf } from './openapi-contract';

export interface ApiInfo {
  title: string;
  description: string;
  version: string;
}

export const DOCS_PATH = 'docs';
export const BEARER_SCHEME = 'bearer';

/**
 * The service's OpenAPI document, as `/docs-json` serves it and `npm run contracts` writes it to
 * docs/openapi/<service>.json. OpenAPI 3.1, because the body schemas are JSON Schema 2020-12 (`type: [.., 'null']`).
 */
export function createOpenApiDocument(app: INestApplication, info: ApiInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  return completeContract(
    app,
    SwaggerModule.createDocument(app, config, { operationIdFactory: operationIdOf }),
  );
}

/** The committed form of a document: two-space JSON, keys in the document's (stable) order, a final newline. */
export function openApiJson(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Swagger UI at `/docs`, the OpenAPI document at `/docs-json`; every operation but the public ones declares the
 * bearer JWT. Business tags come first in the document, and Swagger UI keeps the document's tag order.
 */
export function setupSwagger(app: INestApplication, info: ApiInfo): void {
  SwaggerModule.setup(DOCS_PATH, app, () => createOpenApiDocument(app, info), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    swaggerOptions: { persistAuthorization: true },
  });
}
