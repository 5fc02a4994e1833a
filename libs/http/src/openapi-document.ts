import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '@rcrp/config';
import { serviceRootModule, type ServiceDefinition } from './run-service';
import { createOpenApiDocument } from './swagger';

/**
 * Settings that only let the configuration load: nothing is connected to, so none of them is used. Fixed, so the
 * document never depends on the machine that builds it.
 */
const PLACEHOLDER_ENV = {
  NODE_ENV: 'test',
  DATABASE_URL: 'postgres://contracts:contracts@127.0.0.1:5432/contracts',
  AUTH_JWT_SECRET: 'contracts-only-secret-never-used-0123456789',
  PERSONAL_DATA_MASTER_KEY: Buffer.alloc(32).toString('base64'),
};

/**
 * The service's OpenAPI document without starting it: its root module is built in Nest's preview mode (the
 * dependency graph only: no provider is made, so no pool, no Kafka client, no listener), and the document needs only
 * the controllers' metadata. The same document as the running service's `/docs-json`.
 */
export async function buildOpenApiDocument(definition: ServiceDefinition): Promise<OpenAPIObject> {
  const config = loadConfig(definition.service, { envFile: null, env: PLACEHOLDER_ENV });
  const app = await NestFactory.create(serviceRootModule(definition, config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return createOpenApiDocument(app, definition.api);
  } finally {
    await app.close();
  }
}
