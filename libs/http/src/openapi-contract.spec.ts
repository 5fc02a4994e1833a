import { Body, Controller, Get, HttpCode, Module, Param, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ApiBody,
  ApiTags,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
} from '@nestjs/swagger';
import { Public, Roles } from '@rcrp/auth';
import { AppConfig } from '@rcrp/config';
import { DATABASE_POOL } from '@rcrp/database';
import { AuditLog, PersonalDataRead } from '@rcrp/personal-data';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { IfMatchVersion } from './if-match';
import { ParseUuidPipe } from './parse-uuid.pipe';
import { createOpenApiDocument } from './swagger';

const COLOURS = ['red', 'green'] as const;

class ThingQuery {
  @IsOptional() @IsIn(COLOURS) colour?: string;
}

class PaintRequest {
  @IsIn(COLOURS) colour: string;
  @IsOptional() @IsString() note?: string;
}

class NothingRequest {}

@ApiTags('health')
@Public()
@Controller('health')
class ProbeController {
  @Get()
  live() {}
}

@ApiTags('things')
@Controller('things')
@Roles('clinician')
class ThingsController {
  @Get(':id')
  @Roles('operator', 'analyst')
  @PersonalDataRead({ incidentParam: 'id' })
  read(@Param('id', ParseUuidPipe) _id: string, @Query() _query: ThingQuery) {}

  @Get(':id/pseudonymised')
  @Roles('analyst')
  @PersonalDataRead({ incidentParam: 'id' })
  readPseudonymised(@Param('id', ParseUuidPipe) _id: string) {}

  @Post(':id/paint')
  @HttpCode(200)
  @ApiBody({ type: PaintRequest, examples: { red: { value: { colour: 'red' } } } })
  paint(
    @Param('id', ParseUuidPipe) _id: string,
    @Body() _body: PaintRequest,
    @IfMatchVersion() _v?: number,
  ) {}

  @Post()
  create(@Body() _body: NothingRequest) {}
}

/** What `@PersonalDataRead`'s interceptor is made with; preview mode never makes it, but checks the graph. */
@Module({
  controllers: [ProbeController, ThingsController],
  providers: [
    { provide: AuditLog, useValue: {} },
    { provide: DATABASE_POOL, useValue: {} },
    { provide: AppConfig, useValue: {} },
  ],
})
class ThingsModule {}

function operation(document: OpenAPIObject, path: string, method: 'get' | 'post'): OperationObject {
  const found = document.paths[path]?.[method];
  if (!found) throw new Error(`no ${method} ${path}`);
  return found;
}

function parameter(op: OperationObject, name: string): ParameterObject | undefined {
  return (op.parameters as ParameterObject[]).find((p) => p.name === name);
}

describe('completeContract: the OpenAPI document from the decorators the server obeys', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    const app = await NestFactory.create(ThingsModule, { preview: true, logger: false, abortOnError: false });
    document = createOpenApiDocument(app, { title: 'things', description: 'test', version: '0' });
    await app.close();
  });

  it('a public route needs no token and names no roles', () => {
    const op = operation(document, '/health', 'get');
    expect(op.security).toEqual([]);
    expect(op).not.toHaveProperty('x-roles');
    expect(op.description).toBe('No token needed.');
  });

  it("a route's roles are the guard's: the method's over the controller's, with 401 and 403", () => {
    const op = operation(document, '/things/{id}', 'get') as OperationObject & { 'x-roles': string[] };
    expect(op['x-roles']).toEqual(['operator', 'analyst']);
    expect(op.description).toContain('Roles: operator, analyst.');
    expect(op.responses[401]).toBeDefined();
    expect(op.responses[403]).toMatchObject({
      description: expect.stringContaining('not operator or analyst'),
    });
  });

  it('X-Access-Reason is required on a personal-data read unless only analysts may call it', () => {
    expect(parameter(operation(document, '/things/{id}', 'get'), 'X-Access-Reason')).toMatchObject({
      in: 'header',
      required: true,
    });
    expect(
      parameter(operation(document, '/things/{id}/pseudonymised', 'get'), 'X-Access-Reason'),
    ).toMatchObject({ required: false });
  });

  it('If-Match and 409 on a route that reads If-Match, not on one that does not; 429 on every write', () => {
    const paint = operation(document, '/things/{id}/paint', 'post');
    expect(parameter(paint, 'If-Match')).toMatchObject({ in: 'header', required: false });
    expect(paint.responses[409]).toBeDefined();
    const create = operation(document, '/things', 'post');
    expect(parameter(create, 'If-Match')).toBeUndefined();
    expect(create.responses[409]).toBeUndefined();
    expect(Object.keys(paint.responses)).toEqual(['200', '401', '403', '409', '429']);
    expect(create.responses[201]).toBeDefined();
  });

  it('body and query schemas come from the class-validator rules, vocabularies as enum', () => {
    const paint = operation(document, '/things/{id}/paint', 'post');
    expect(paint.requestBody).toMatchObject({
      required: true,
      content: {
        'application/json': {
          schema: { properties: { colour: { enum: ['red', 'green'] } }, required: ['colour'] },
          examples: { red: { value: { colour: 'red' } } },
        },
      },
    });
    const read = operation(document, '/things/{id}', 'get');
    expect(parameter(read, 'colour')).toEqual({
      name: 'colour',
      in: 'query',
      required: false,
      schema: { enum: ['red', 'green'] },
    });
    expect(parameter(read, 'id')).toMatchObject({ in: 'path', schema: { type: 'string', format: 'uuid' } });
  });

  it('an empty body class makes the body optional, with `{}` as its example', () => {
    expect(operation(document, '/things', 'post').requestBody).toMatchObject({
      required: false,
      content: { 'application/json': { examples: { empty: { value: {} } } } },
    });
    expect(document.components).not.toHaveProperty('schemas');
  });

  it('business tags and paths come before the platform ones', () => {
    expect(document.tags?.map((tag) => tag.name)).toEqual(['things', 'health']);
    expect(Object.keys(document.paths).at(-1)).toBe('/health');
  });
});
