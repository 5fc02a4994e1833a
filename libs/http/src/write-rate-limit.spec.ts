import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AppConfig, ConfigModule } from '@rcrp/config';
import request from 'supertest';
import { configureApp } from './configure-app';
import { WriteRateLimitModule } from './write-rate-limit';

@Controller('probe')
class ProbeController {
  @Post('a')
  a() {
    return { ok: true };
  }

  @Post('b')
  b() {
    return { ok: true };
  }

  @Get()
  read() {
    return { ok: true };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('WriteRateLimitModule', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    const config = { rateLimit: { writesPerMinute: 3, authFailuresPerMinute: 100 } } as AppConfig;
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forConfig(config), WriteRateLimitModule, ProbeModule],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    configureApp(app, { title: 'probe', description: 'test', version: '0' });
    await app.init();
  });
  afterAll(() => app.close());

  it('limits writes per client across routes with 429 and Retry-After; reads stay open', async () => {
    const server = app.getHttpServer();
    await request(server).post('/probe/a').expect(201);
    await request(server).post('/probe/b').expect(201);
    await request(server).post('/probe/a').expect(201);
    const refused = await request(server).post('/probe/b').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringContaining('Too many writes from this client'),
    });
    for (let i = 0; i < 5; i += 1) await request(server).get('/probe').expect(200);
  });
});
