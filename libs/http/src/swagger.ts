import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export interface ApiInfo {
  title: string;
  description: string;
  version: string;
}

export const DOCS_PATH = 'docs';
export const BEARER_SCHEME = 'bearer';

/** Swagger UI at `/docs`, the OpenAPI document at `/docs-json`; every operation declares the bearer JWT. */
export function setupSwagger(app: INestApplication, info: ApiInfo): void {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion(info.version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  SwaggerModule.setup(DOCS_PATH, app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    swaggerOptions: { persistAuthorization: true },
  });
}
