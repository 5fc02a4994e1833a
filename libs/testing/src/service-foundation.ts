/** The same foundation checks for every service: readiness with both dependencies up, auth, docs. */
import { DynamicModule } from '@nestjs/common';
import { AppConfig, ServiceName } from '@rcrp/config';
import request from 'supertest';
import { bootService, RunningService } from './service-harness';

export function describeServiceFoundation(
  service: ServiceName,
  rootModule: (config: AppConfig) => DynamicModule,
): void {
  describe(`${service} service foundation (real PostgreSQL and Kafka)`, () => {
    let running: RunningService;

    beforeAll(async () => {
      running = await bootService(service, rootModule);
    });
    afterAll(() => running?.close());

    it('answers /health/live with 200 and no token', async () => {
      await request(running.baseUrl).get('/health/live').expect(200, { status: 'live' });
    });

    it('answers /health/ready with 200 when the database and Kafka are up', async () => {
      const response = await request(running.baseUrl).get('/health/ready').expect(200);
      expect(response.body.status).toBe('ready');
      expect(response.body.checks.database.status).toBe('up');
      expect(response.body.checks.kafka.status).toBe('up');
    });

    it('answers a protected route without a token with 401', async () => {
      const response = await request(running.baseUrl).get('/e2e-probe/anyone').expect(401);
      expect(response.body).toMatchObject({
        statusCode: 401,
        message: 'A bearer token is required (Authorization: Bearer <token>)',
      });
    });

    it('answers with the wrong role with 403, and the right role with the actor', async () => {
      const officer = await running.token('officer', 'PC-4821');
      await request(running.baseUrl)
        .get('/e2e-probe/clinicians')
        .set('Authorization', `Bearer ${officer}`)
        .expect(403);
      const nurse = await running.token('clinician', 'nurse-17');
      await request(running.baseUrl)
        .get('/e2e-probe/clinicians')
        .set('Authorization', `Bearer ${nurse}`)
        .expect(200, { id: 'nurse-17', role: 'clinician' });
    });

    it('serves Swagger at /docs and the OpenAPI document at /docs-json', async () => {
      const document = (await request(running.baseUrl).get('/docs-json').expect(200)).body;
      expect(document.info.title).toBe(`test ${service}`);
      expect(document.paths['/health/ready']).toBeDefined();
      await request(running.baseUrl).get('/docs').expect(200);
    });
  });
}
