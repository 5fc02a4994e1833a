import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import request from 'supertest';
import { configureApp } from './configure-app';
import { etagFor, IfMatchVersion } from './if-match';
import { ParseUuidPipe } from './parse-uuid.pipe';

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

  @IsOptional() @IsString() note?: string;
}

class SearchQuery {
  @IsOptional() @IsString() actor?: string;
}

@Controller('probe')
class ProbeController {
  @Post()
  report(@Body() body: ReportDto, @IfMatchVersion() version: number | undefined) {
    return { received: body.location.kind, version: version ?? null, etag: etagFor((version ?? 0) + 1) };
  }

  @Get('cases/:incidentId')
  read(@Param('incidentId', ParseUuidPipe) incidentId: string, @Query() query: SearchQuery) {
    return { incidentId, actor: query.actor ?? null };
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
    expect(response.body.errors[0].field).toBe('If-Match');
    const quoted = await request(app.getHttpServer())
      .post('/probe')
      .set('If-Match', 'Zq60Jane')
      .send(valid)
      .expect(400);
    expect(JSON.stringify(quoted.body)).not.toContain('Zq60Jane');
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

  it('refuses an explicit null in an optional field, naming it', async () => {
    const response = await request(app.getHttpServer())
      .post('/probe')
      .send({ ...valid, note: null })
      .expect(400);
    expect(response.body.errors).toEqual([
      { field: 'note', reasons: ['must not be null; leave the field out instead'] },
    ]);
  });

  it.each([
    ['NUL', 'Jane\\u0000Doe'],
    ['a lone high surrogate', 'Jane\\ud800Doe'],
    ['a lone low surrogate', '\\udc00Jane Doe'],
  ])('refuses %s in a body string, naming the field and not repeating it', async (_label, escaped) => {
    const response = await request(app.getHttpServer())
      .post('/probe')
      .set('Content-Type', 'application/json')
      .send(`{"summary":"${escaped}","location":{"kind":"public-place"}}`)
      .expect(400);
    expect(response.body.errors).toEqual([
      { field: 'summary', reasons: ['must not contain NUL characters or unpaired UTF-16 surrogates'] },
    ]);
    expect(JSON.stringify(response.body)).not.toContain('Doe');
  });

  it('accepts a properly paired surrogate (an emoji)', async () => {
    await request(app.getHttpServer())
      .post('/probe')
      .send({ ...valid, summary: 'ok \ud83d\ude00' })
      .expect(201);
  });

  it.each(['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'])(
    'refuses the prototype key %s like any unknown field',
    async (key) => {
      const response = await request(app.getHttpServer())
        .post('/probe')
        .set('Content-Type', 'application/json')
        .send(`{"summary":"ok","location":{"kind":"public-place","${key}":{"polluted":true}}}`)
        .expect(400);
      expect(response.body.errors).toEqual([
        { field: `location.${key}`, reasons: [`property ${key} should not exist`] },
      ]);
    },
  );

  it.each([
    ['objects', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)],
    ['arrays', '{"summary":' + '['.repeat(2500) + ']'.repeat(2500) + '}'],
  ])('answers 400 for %s nested thousands deep, without overflowing the stack', async (_label, text) => {
    const response = await request(app.getHttpServer())
      .post('/probe')
      .set('Content-Type', 'application/json')
      .send(text)
      .expect(400);
    expect(response.body.errors[0].reasons).toEqual(['nests objects or arrays deeper than 32 levels']);
  });

  it('answers 400 for an array longer than 1000 elements', async () => {
    const response = await request(app.getHttpServer())
      .post('/probe')
      .send({ ...valid, summary: Array.from({ length: 1001 }, () => 1) })
      .expect(400);
    expect(response.body.errors[0]).toEqual({
      field: 'summary',
      reasons: ['must contain no more than 1000 elements'],
    });
  });

  it('names the position of a JSON syntax error and never repeats the body', async () => {
    const response = await request(app.getHttpServer())
      .post('/probe')
      .set('Content-Type', 'application/json')
      .send('"Zq55Jane Doe"')
      .expect(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'The request body is not valid JSON: syntax error at position 0',
      position: 0,
    });
    const inside = await request(app.getHttpServer())
      .post('/probe')
      .set('Content-Type', 'application/json')
      .send('{"summary":"Jane Doe" "location":1}')
      .expect(400);
    expect(inside.body.position).toBe(22);
    expect(JSON.stringify(inside.body)).not.toContain('Jane');
  });

  it('answers 415 naming the expected type for a body that is not JSON, repeating nothing', async () => {
    const response = await request(app.getHttpServer())
      .post('/probe')
      .set('Content-Type', 'text/plain')
      .send('Jane Doe lives at 1 High Street')
      .expect(415);
    expect(response.body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'The request body must be JSON, sent with Content-Type: application/json',
      expected: 'application/json',
    });
  });

  it('takes an empty POST without a Content-Type (no body, nothing to refuse)', async () => {
    const response = await request(app.getHttpServer()).post('/probe').expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain('summary');
  });

  it('names a path parameter that is not a UUID, in the shape of body errors', async () => {
    const response = await request(app.getHttpServer()).get('/probe/cases/not-a-uuid').expect(400);
    expect(response.body.errors).toEqual([{ field: 'incidentId', reasons: ['incidentId must be a UUID'] }]);
  });

  it('refuses NUL in a path or query parameter, naming it', async () => {
    const path = await request(app.getHttpServer()).get('/probe/cases/%00').expect(400);
    expect(path.body.errors[0].field).toBe('incidentId');
    const query = await request(app.getHttpServer())
      .get('/probe/cases/0192f3a4-5b6c-7d8e-9f01-23456789abcd?actor=%00abc')
      .expect(400);
    expect(query.body.errors).toEqual([
      { field: 'actor', reasons: ['must not contain NUL characters or unpaired UTF-16 surrogates'] },
    ]);
  });

  it('sends helmet security headers, and Cache-Control: no-store on authenticated reads', async () => {
    const response = await request(app.getHttpServer())
      .get('/probe/cases/0192f3a4-5b6c-7d8e-9f01-23456789abcd')
      .set('Authorization', 'Bearer anything')
      .expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-powered-by']).toBeUndefined();
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
    const ui = await request(app.getHttpServer()).get('/docs').expect(200);
    // Swagger UI runs inline scripts: its pages get helmet's headers but no CSP that would blank them.
    expect(ui.headers['content-security-policy']).toBeUndefined();
    expect(ui.headers['x-content-type-options']).toBe('nosniff');
  });
});
