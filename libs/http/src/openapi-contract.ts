import type { INestApplication, Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ReferenceObject,
  RequestBodyObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { allowedRoles, USER_ROLES, type UserRole } from '@rcrp/auth';
import { ACCESS_REASON_HEADER, PERSONAL_DATA_READ_KEY } from '@rcrp/personal-data';
import { IF_MATCH_KEY, IF_MATCH_VALUE } from './if-match';
import { openApiSchemaOf } from './openapi-schema';
import { ParseUuidPipe } from './parse-uuid.pipe';
import { READ_METHODS } from './write-rate-limit';

/**
 * Completes a service's OpenAPI document from the decorators the server itself obeys, in this one place, so a route
 * cannot be documented otherwise than it behaves and no route needs these facts written out by hand:
 * - `@Roles` / `@Public` (as the auth guard reads them): `x-roles`, a line in the description, 401 and 403, or no
 *   security at all;
 * - `@PersonalDataRead`: the `X-Access-Reason` header, required whenever a role that must state a reason may call;
 * - `@Write()` / `@IfMatchVersion()`: the optional `If-Match` header and the 409;
 * - the `@Body()` and `@Query()` classes: their schemas from the class-validator rules that validate them (every
 *   closed vocabulary as `enum`), the body required only when it has a required field;
 * - `ParseUuidPipe` on a path parameter: `format: uuid`; every write: the 429 of the write limit.
 * The document is then put in a stable order: business routes and tags first, the shared ones (`PLATFORM_TAGS`) last.
 */
export function completeContract(app: INestApplication, document: OpenAPIObject): OpenAPIObject {
  const operations = operationsById(document);
  for (const route of routesOf(app)) {
    const found = operations.get(operationIdOf(route.controller.name, route.methodName));
    if (found) found.item[found.method] = completedOperation(found.operation, route, found.method);
  }
  return orderedDocument(document);
}

/** The operation ids the contract maps routes by; passed to `SwaggerModule.createDocument`. */
export function operationIdOf(controllerKey: string, methodKey: string): string {
  return `${controllerKey}_${methodKey}`;
}

/** Tags of the routes every service mounts from the libraries (the read audit, health and metrics): listed last. */
export const PLATFORM_TAGS = ['audit', 'health'] as const;

/**
 * The roles `@PersonalDataRead` asks no `X-Access-Reason` of: analysts only ever receive pseudonymised data
 * (`PersonalDataReadInterceptor` lets them through unchecked).
 */
const ROLES_WITHOUT_ACCESS_REASON: readonly UserRole[] = ['analyst'];

interface RouteFacts {
  controller: Type;
  methodName: string;
  /** null: `@Public()`. */
  roles: readonly UserRole[] | null;
  personalDataRead: boolean;
  honoursIfMatch: boolean;
  /** `@HttpCode`, else Nest's default (201 for POST, 200 otherwise). */
  successStatus: number | undefined;
  body: Type | undefined;
  query: Type | undefined;
  uuidParams: string[];
}

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
const HTTP_METHODS: readonly HttpMethod[] = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
];

interface FoundOperation {
  item: PathItemObject;
  method: HttpMethod;
  operation: OperationObject;
}

function operationsById(document: OpenAPIObject): Map<string, FoundOperation> {
  const found = new Map<string, FoundOperation>();
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation?.operationId) found.set(operation.operationId, { item, method, operation });
    }
  }
  return found;
}

function routesOf(app: INestApplication): RouteFacts[] {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const controllers = new Set<Type>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) controllers.add(wrapper.metatype as Type);
  }
  const routes: RouteFacts[] = [];
  for (const controller of controllers) {
    const prototype = controller.prototype as Record<string, (...args: unknown[]) => unknown>;
    for (const methodName of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[methodName];
      if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue; // not an HTTP route
      routes.push({
        controller,
        methodName,
        roles: allowedRoles(reflector, handler, controller),
        personalDataRead: Reflect.getMetadata(PERSONAL_DATA_READ_KEY, handler) !== undefined,
        honoursIfMatch: Reflect.getMetadata(IF_MATCH_KEY, handler) === true,
        successStatus: Reflect.getMetadata(HTTP_CODE_METADATA, handler),
        ...argumentsOf(controller, methodName),
      });
    }
  }
  return routes;
}

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

/** The `@Body()` and `@Query()` classes and the UUID path parameters, from Nest's own route-argument metadata. */
function argumentsOf(
  controller: Type,
  methodName: string,
): Pick<RouteFacts, 'body' | 'query' | 'uuidParams'> {
  const args: Record<string, RouteArgument> =
    Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodName) ?? {};
  const types: unknown[] = Reflect.getMetadata('design:paramtypes', controller.prototype, methodName) ?? [];
  const facts: Pick<RouteFacts, 'body' | 'query' | 'uuidParams'> = {
    body: undefined,
    query: undefined,
    uuidParams: [],
  };
  for (const [key, arg] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]);
    if (kind === RouteParamtypes.BODY && arg.data === undefined) facts.body = dtoClass(types[arg.index]);
    if (kind === RouteParamtypes.QUERY && arg.data === undefined) facts.query = dtoClass(types[arg.index]);
    if (
      kind === RouteParamtypes.PARAM &&
      typeof arg.data === 'string' &&
      (arg.pipes ?? []).some(isUuidPipe)
    ) {
      facts.uuidParams.push(arg.data);
    }
  }
  return facts;
}

function dtoClass(type: unknown): Type | undefined {
  const plain: unknown[] = [Object, String, Number, Boolean, Array];
  return typeof type === 'function' && !plain.includes(type) ? (type as Type) : undefined;
}

function isUuidPipe(pipe: unknown): boolean {
  return pipe === ParseUuidPipe || pipe instanceof ParseUuidPipe;
}

function completedOperation(
  operation: OperationObject,
  route: RouteFacts,
  method: HttpMethod,
): OperationObject {
  const responses: Record<string, ResponseObject> = {
    ...(operation.responses as Record<string, ResponseObject>),
  };
  const ensure = (status: number, description: string) => {
    responses[status] ??= { description };
  };
  const paragraphs = [operation.description];
  const headers: ParameterObject[] = [];
  const roles = route.roles;

  if (roles === null) {
    paragraphs.push('No token needed.');
  } else {
    paragraphs.push(`Roles: ${roles.join(', ')}.`);
    ensure(401, 'No valid bearer token.');
    if (roles.length < USER_ROLES.length) {
      const roleRefusal = `The token's role is not ${list(roles, 'or')}.`;
      const other = responses[403]?.description;
      responses[403] = { ...responses[403], description: other ? `${roleRefusal}\n\n${other}` : roleRefusal };
    }
  }
  if (route.personalDataRead) {
    const needReason = (roles ?? USER_ROLES).filter((role) => !ROLES_WITHOUT_ACCESS_REASON.includes(role));
    const exempt = (roles ?? USER_ROLES).filter((role) => ROLES_WITHOUT_ACCESS_REASON.includes(role));
    paragraphs.push(
      `Personal data: ${list(needReason.map(plural), 'and')} must state why in \`${ACCESS_REASON_HEADER}\`, and the read is recorded in the read audit` +
        (exempt.length > 0
          ? `; ${list(exempt.map(plural), 'and')} get pseudonymised data and need no reason.`
          : '.'),
    );
    const stated = headerNamed(operation, ACCESS_REASON_HEADER);
    headers.push({
      name: ACCESS_REASON_HEADER,
      in: 'header',
      required: needReason.length > 0,
      description: stated?.description ?? 'Why you read this case; recorded in the read audit.',
      schema: stated?.schema ?? { type: 'string' },
    });
    ensure(400, `${ACCESS_REASON_HEADER} missing or invalid.`);
  }
  if (route.honoursIfMatch) {
    headers.push({
      name: 'If-Match',
      in: 'header',
      required: false,
      description:
        'The stream `version` you last saw (the answer of your last write, or the `ETag` of a read), bare or quoted. ' +
        'If the stream has moved on since, nothing is recorded and the answer is 409; without the header the write is ' +
        'decided on the current version.',
      schema: { type: 'string', pattern: IF_MATCH_VALUE.source },
      example: '"3"',
    });
    ensure(
      409,
      'Version conflict: `If-Match` names a version the stream has moved on from (the answer gives `incidentId`, `expectedVersion`, `actualVersion` and who made the change that won: `lastChangedBy` `{ id, role }`, `lastChangedAt`). Read again, decide again.',
    );
  }
  const success = route.successStatus ?? (method === 'post' ? 201 : 200);
  if (!Object.keys(responses).some((status) => /^2\d\d$/.test(status))) ensure(success, 'Success.');
  if (!READ_METHODS.has(method.toUpperCase())) {
    ensure(429, 'Too many writes from this client: try again after `Retry-After` seconds.');
  }

  const completed: OperationObject & Record<string, unknown> = {
    summary: operation.summary,
    description: paragraphs.filter((text) => text !== undefined && text !== '').join('\n\n'),
    operationId: operation.operationId,
    tags: operation.tags,
    ...(roles === null ? { security: [] } : { 'x-roles': [...roles] }),
    parameters: parameters(operation, route, headers),
    requestBody: requestBody(operation.requestBody, route.body),
    responses: Object.fromEntries(
      Object.entries(responses).sort(([a], [b]) => statusRank(a) - statusRank(b)),
    ),
  };
  for (const [key, value] of Object.entries(operation)) if (!(key in completed)) completed[key] = value;
  return withoutUndefined(completed);
}

/** Path parameters, then the query class's properties in declaration order, then headers. */
function parameters(
  operation: OperationObject,
  route: RouteFacts,
  headers: ParameterObject[],
): ParameterObject[] {
  const stated = (operation.parameters ?? []).filter((p): p is ParameterObject => !('$ref' in p));
  const path = stated
    .filter((p) => p.in === 'path')
    .map((p) => ({
      name: p.name,
      in: p.in,
      required: true,
      description: p.description,
      schema: route.uuidParams.includes(p.name) ? { type: 'string', format: 'uuid' } : p.schema,
    }));
  const query: ParameterObject[] = [];
  const schema = route.query && objectSchemaOf(route.query);
  if (schema) {
    for (const [name, property] of Object.entries(schema.properties)) {
      const existing = stated.find((p) => p.in === 'query' && p.name === name);
      query.push({
        name,
        in: 'query',
        required: schema.required.includes(name),
        description: existing?.description,
        schema: withoutNull(property),
      });
    }
  }
  const others = stated.filter(
    (p) =>
      p.in !== 'path' &&
      !(p.in === 'query' && query.some((q) => q.name === p.name)) &&
      !(p.in === 'header' && headers.some((h) => h.name.toLowerCase() === p.name.toLowerCase())),
  );
  return [...path, ...query, ...others, ...headers].map((p) => withoutUndefined({ ...p }));
}

function headerNamed(operation: OperationObject, name: string): ParameterObject | undefined {
  return (operation.parameters ?? []).find(
    (p): p is ParameterObject =>
      !('$ref' in p) && p.in === 'header' && p.name.toLowerCase() === name.toLowerCase(),
  );
}

function requestBody(
  stated: RequestBodyObject | ReferenceObject | undefined,
  body: Type | undefined,
): RequestBodyObject | ReferenceObject | undefined {
  const schema = body && objectSchemaOf(body);
  if (!stated || '$ref' in stated || !schema) return stated;
  const json = stated.content['application/json'] ?? {};
  // A body class with nothing in it has exactly one example.
  const examples =
    json.examples ??
    (Object.keys(schema.properties ?? {}).length === 0 ? { empty: { value: {} } } : undefined);
  return {
    ...stated,
    // An empty body reads as `{}`: it may be left out when nothing in it is required.
    required: schema.required.length > 0,
    content: { ...stated.content, 'application/json': withoutUndefined({ ...json, schema, examples }) },
  };
}

interface ObjectSchema extends SchemaObject {
  properties: Record<string, SchemaObject>;
  required: string[];
}

/**
 * The schema of a request class from its class-validator rules, or undefined when the generator refuses one of
 * them (a decorator it has no mapping for): the route then keeps what Swagger stated, so `/docs` never fails, and
 * scripts/contracts.spec.ts, which wants every body derived, names the route.
 */
function objectSchemaOf(type: Type): ObjectSchema | undefined {
  try {
    return openApiSchemaOf(type) as unknown as ObjectSchema;
  } catch {
    return undefined;
  }
}

/** A query string has no null: the optional property's schema without the `null` that JSON bodies allow. */
function withoutNull(schema: SchemaObject): SchemaObject {
  const any = schema as Record<string, unknown>;
  if (Array.isArray(any.anyOf)) {
    const rest = (any.anyOf as SchemaObject[]).filter((s) => s.type !== 'null');
    if (rest.length === 1) return rest[0];
  }
  const result: Record<string, unknown> = { ...any };
  if (Array.isArray(any.type)) {
    const types = (any.type as string[]).filter((t) => t !== 'null');
    result.type = types.length === 1 ? types[0] : types;
  }
  if (Array.isArray(any.enum)) result.enum = (any.enum as unknown[]).filter((value) => value !== null);
  return result as SchemaObject;
}

/** Business paths and tags first (in the order the controllers declare them), then `PLATFORM_TAGS` in that order. */
function orderedDocument(document: OpenAPIObject): OpenAPIObject {
  // 0 for a business tag, 1 + its index for a platform tag; a path ranks as its most business-like operation.
  const tagRank = (tag: string) => (PLATFORM_TAGS as readonly string[]).indexOf(tag) + 1;
  const pathRank = (item: PathItemObject) => {
    const ranks = HTTP_METHODS.flatMap((method) => item[method]?.tags ?? []).map(tagRank);
    return ranks.length === 0 ? 0 : Math.min(...ranks);
  };
  const paths = Object.entries(document.paths)
    .map((entry, index) => ({ entry, index, rank: pathRank(entry[1]) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ entry }) => entry);
  const tagNames: string[] = [];
  for (const [, item] of paths) {
    for (const method of HTTP_METHODS) {
      for (const tag of item[method]?.tags ?? []) if (!tagNames.includes(tag)) tagNames.push(tag);
    }
  }
  tagNames.sort((a, b) => tagRank(a) - tagRank(b));
  const described = new Map((document.tags ?? []).map((tag) => [tag.name, tag]));
  const text = JSON.stringify(paths);
  const schemas = Object.entries(document.components?.schemas ?? {})
    // Swagger registers an empty schema for every body class; the completed bodies are inline, so those go.
    .filter(([name]) => text.includes(`"#/components/schemas/${name}"`))
    .sort(([a], [b]) => a.localeCompare(b));
  const { schemas: _unordered, ...otherComponents } = document.components ?? {};
  const {
    openapi,
    info,
    servers,
    security,
    tags: _tags,
    paths: _paths,
    components: _components,
    ...rest
  } = document;
  return {
    openapi,
    info,
    servers,
    security,
    tags: tagNames.map((name) => described.get(name) ?? { name }),
    paths: Object.fromEntries(paths),
    ...rest,
    components: {
      ...otherComponents,
      ...(schemas.length > 0 ? { schemas: Object.fromEntries(schemas) } : {}),
    },
  };
}

function statusRank(status: string): number {
  return status === 'default' ? 1000 : Number(status);
}

function list(items: readonly string[], conjunction: 'and' | 'or'): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

function plural(role: string): string {
  return `${role}s`;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
