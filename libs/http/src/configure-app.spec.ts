import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsIn, IsString, MaxLength, ValidateNested } from 'class-validator';
import request from 'supertest';
import { configureApp } from './configure-app';
import { etagFor, IfMatchVersion } from './if-match';

class LocationDto {
  @IsIn(['public-place', 'private-dwelling'])
  kind: string;
}

class ReportDto {
  @IsString()
  @MaxLength(300_000)
  summary: string;

  @ValidateNested()
  @Type(() => LocationDto)
  location: LocationDto;
}

@Controller('probe')
class ProbeController {
  @Post()
  report(@Body() body: ReportDto, @IfMatchVersion() version: number | undefined) {
    return { received: body.location.kind, version: version ?? null, etag: etagFor((version ?? 0) + 1) };
  }

  @Get('domain')
  domain() {
    throw Object.assign(new Error('Section 136 cannot be used in a dwelling'), {
      name: 'DomainError',
      ruleId: 'S136-PRIVATE-DWELLING',
    });
  }

  @Get('bug')
  bug() {
    throw new Error('secret internals');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('configureApp (in-process HTTP, no infrastructure)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    configureApp(app, { title: 'probe', description: 'test', version: '0.0.0' });
    await app.init();
  });
  afterAll(() => app.close());

  const valid = { summary: 'ok', location: { kind: 'public-place' } };

  it('accepts a valid body and parses If-Match', async () => {
    const response = await request(app.getHttpServer())
      .post('/probe')
      .set('If-Match', '"4"')
      .send(valid)
      .expect(201);
    expect(response.body).toEqual({ received: 'public-place', version: 4, etag: '"5"' });
  });

  it('answers 400 for a malformed If-Match', async () => {
    const response = await request(app.getHttpServer())
      .post('/probe')
      .set('If-Match', 'abc')
      .send(valid)
      .expect(400);
    expect(response.body.message).toContain('If-Match must be a stream version');
  });

  it('lists every invalid field with its reasons, including nested and unknown ones', async () => {
    const response = await request(app.getHttpServer())
      .post('/probe')
      .send({ summary: 7, location: { kind: 'moon' }, extra: true })
      .expect(400);
    expect(response.body.statusCode).toBe(400);
    const fields = response.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['extra', 'location.kind', 'summary']);
    expect(response.body.errors.find((e: { field: string }) => e.field === 'extra').reasons[0]).toContain(
      'should not exist',
    );
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await request(app.getHttpServer())
      .post('/probe')
      .set('Content-Type', 'application/json')
      .send('{"summary":')
      .expect(400);
    expect(response.body.statusCode).toBe(400);
  });

  it('answers 413 with a clear message for a body over 256 kB', async () => {
    const response = await request(app.getHttpServer())
      .post('/probe')
      .send({ ...valid, summary: 'x'.repeat(270_000) })
      .expect(413);
    expect(response.body).toMatchObject({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'The request body is larger than the limit of 256 kB',
    });
  });

  it('maps a domain rule refusal to 422 with the rule id', async () => {
    const response = await request(app.getHttpServer()).get('/probe/domain').expect(422);
    expect(response.body).toEqual({
      statusCode: 422,
      error: 'Unprocessable Entity',
      ruleId: 'S136-PRIVATE-DWELLING',
      message: 'Section 136 cannot be used in a dwelling',
    });
  });

  it('answers an unexpected error with 500 and an error id, no internals', async () => {
    const response = await request(app.getHttpServer()).get('/probe/bug').expect(500);
    expect(response.body.errorId).toBeDefined();
    expect(JSON.stringify(response.body)).not.toContain('secret internals');
  });

  it('serves the OpenAPI document at /docs-json with bearer auth, and the UI at /docs', async () => {
    const document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    expect(document.info.title).toBe('probe');
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/probe']).toBeDefined();
    await request(app.getHttpServer()).get('/docs').expect(200);
  });
});
