import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Type } from '@nestjs/common';
import type { OpenAPIObject, OperationObject, ParameterObject, PathItemObject } from '@nestjs/swagger';
import { loadConfig } from '@rcrp/config';
import {
  ASSESSMENT_OUTCOMES,
  DETENTION_END_REASONS,
  DISPOSITIONS,
  PLACE_OF_SAFETY_KINDS,
  RECOMMENDATIONS,
  RISK_LEVELS,
} from '@rcrp/events';
import { operationIdOf, PLATFORM_TAGS } from '@rcrp/http';
import { PERSONAL_DATA_READ_KEY } from '@rcrp/personal-data';
import { CONTRACT_SERVICES, openApiContracts, openApiPath, REPOSITORY_ROOT } from './contracts';

/**
 * The writes that take no `If-Match`, and why: each makes a new stream or acts on a subject, whose version no
 * answer gives. Any other write must read it (`@Write()` or `@IfMatchVersion()`), and so document it.
 */
const WRITES_WITHOUT_IF_MATCH = new Set([
  'IncidentsController_report', // opens a new incident stream
  'SubjectsController_erase', // subject routes: idempotent, and no route answers a subject version
  'SubjectsController_restrict',
  'SubjectsController_lift',
]);

/** The closed vocabularies the issue names (risk level, recommendation, place of safety, assessment outcome, end reason, disposition). */
const VOCABULARIES: [service: string, path: string, property: string, values: readonly string[]][] = [
  ['triage', '/triage/{incidentId}/risk-assessment', 'level', RISK_LEVELS],
  ['triage', '/triage/{incidentId}/advice', 'recommendation', RECOMMENDATIONS],
  ['outcomes', '/outcomes/{incidentId}/section-136/place-of-safety', 'kind', PLACE_OF_SAFETY_KINDS],
  ['outcomes', '/outcomes/{incidentId}/section-136/transfer', 'toKind', PLACE_OF_SAFETY_KINDS],
  ['outcomes', '/outcomes/{incidentId}/section-136/assessment', 'outcome', ASSESSMENT_OUTCOMES],
  ['outcomes', '/outcomes/{incidentId}/section-136/end', 'reason', DETENTION_END_REASONS],
  ['outcomes', '/outcomes/{incidentId}/disposition', 'disposition', DISPOSITIONS],
];

type Operation = OperationObject & { 'x-roles'?: string[] };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function operationsOf(document: OpenAPIObject): { method: string; path: string; op: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]: [string, PathItemObject]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method,
      path,
      op: item[method] as Operation,
    })),
  );
}

function header(op: OperationObject, name: string): ParameterObject | undefined {
  return (op.parameters as ParameterObject[] | undefined)?.find((p) => p.in === 'header' && p.name === name);
}

/** The operation ids of the service's own `@PersonalDataRead` handlers, from the controllers themselves. */
function personalDataReads(service: (typeof CONTRACT_SERVICES)[number]): string[] {
  const config = loadConfig(service.service, {
    envFile: null,
    env: {
      AUTH_JWT_SECRET: 'contracts-spec-secret-0123456789abcdef',
      PERSONAL_DATA_MASTER_KEY: Buffer.alloc(32).toString('base64'),
    },
  });
  const controllers = (service.module(config).controllers ?? []) as Type[];
  return controllers.flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype)
      .filter((name) => Reflect.getMetadata(PERSONAL_DATA_READ_KEY, controller.prototype[name]) !== undefined)
      .map((name) => operationIdOf(controller.name, name)),
  );
}

describe('published HTTP contracts (docs/openapi/<service>.json, `npm run contracts`)', () => {
  let files: Map<string, string>;
  const documents = new Map<string, OpenAPIObject>();

  beforeAll(async () => {
    files = await openApiContracts();
    for (const service of CONTRACT_SERVICES) {
      documents.set(service.service, JSON.parse(files.get(openApiPath(service)) ?? '{}') as OpenAPIObject);
    }
  });

  it.each(CONTRACT_SERVICES.map((service) => openApiPath(service)))('%s is current', (path) => {
    const file = join(REPOSITORY_ROOT, path);
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (committed !== files.get(path)) throw new Error(`${path} is stale: run npm run contracts`);
  });

  it.each(CONTRACT_SERVICES.map((service) => service.service))(
    '%s: every route names its roles, or needs no token',
    (service) => {
      for (const { method, path, op } of operationsOf(documents.get(service)!)) {
        const named = (op['x-roles']?.length ?? 0) > 0 && op.description?.includes('Roles: ');
        const open = Array.isArray(op.security) && op.security.length === 0;
        expect({ route: `${method} ${path}`, documented: named || open }).toEqual({
          route: `${method} ${path}`,
          documented: true,
        });
      }
    },
  );

  it.each(CONTRACT_SERVICES.map((service) => [service.service, service] as const))(
    '%s: X-Access-Reason is required on every personal-data read',
    (name, service) => {
      const reads = personalDataReads(service);
      expect(reads.length).toBeGreaterThan(0);
      const byId = new Map(
        operationsOf(documents.get(name)!).map((entry) => [entry.op.operationId, entry.op]),
      );
      for (const id of reads) {
        expect({ id, header: header(byId.get(id)!, 'X-Access-Reason') }).toMatchObject({
          id,
          header: { in: 'header', required: true },
        });
      }
    },
  );

  it.each(CONTRACT_SERVICES.map((service) => service.service))(
    '%s: every write documents If-Match and its 409, its body schema and an example body',
    (service) => {
      const writes = operationsOf(documents.get(service)!).filter(({ method }) => method !== 'get');
      expect(writes.length).toBeGreaterThan(0);
      for (const { method, path, op } of writes) {
        const route = `${method} ${path} (${op.operationId})`;
        const exempt = WRITES_WITHOUT_IF_MATCH.has(op.operationId ?? '');
        expect({
          route,
          ifMatch: header(op, 'If-Match')?.required,
          conflict: op.responses[409] !== undefined,
        }).toEqual(
          exempt ? { route, ifMatch: undefined, conflict: false } : { route, ifMatch: false, conflict: true },
        );
        const json = (op.requestBody as { content?: Record<string, { examples?: object; schema?: object }> })
          ?.content?.['application/json'];
        expect({
          route,
          examples: Object.keys(json?.examples ?? {}).length > 0,
          // Only the schemas derived from the body class's class-validator rules refuse unknown fields.
          derivedSchema: json?.schema !== undefined && 'additionalProperties' in json.schema,
        }).toEqual({ route, examples: true, derivedSchema: true });
      }
    },
  );

  it.each(VOCABULARIES)('%s %s: `%s` lists its values as enum', (service, path, property, values) => {
    const body = documents.get(service)!.paths[path]?.post?.requestBody as {
      content: Record<string, { schema: { properties: Record<string, { enum?: unknown[] }> } }>;
    };
    expect(body.content['application/json'].schema.properties[property].enum).toEqual([...values]);
  });

  it.each(CONTRACT_SERVICES.map((service) => service.service))(
    '%s: business routes first, health and the audit last',
    (service) => {
      const document = documents.get(service)!;
      const tags = (document.tags ?? []).map((tag) => tag.name);
      const platform = tags.filter((tag) => (PLATFORM_TAGS as readonly string[]).includes(tag));
      expect(tags.slice(-platform.length)).toEqual(platform);
      expect(tags.length).toBeGreaterThan(platform.length);
      const firstTag = operationsOf(document)[0].op.tags?.[0] ?? '';
      expect(PLATFORM_TAGS as readonly string[]).not.toContain(firstTag);
    },
  );
});
