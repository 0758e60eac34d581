import { Type } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { AT_LEAST_ONE_OF } from '@credit-bank/contracts';
import { OpenAPIObject } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { TransformationType } from 'class-transformer';
import { IS_PUBLIC } from '../../auth/auth.decorators';
import { IDEMPOTENCY_KEY_PATTERN } from '../command-outcome';
import { problemResponse } from '../problem-response';
import { isRequired, isValidatedClass, JsonSchema, objectRules, propertySchema, validationOf } from './validation-schema';

/**
 * Makes the generated OpenAPI document say exactly what the gateway accepts and answers:
 * - request bodies and query strings take their types, ranges, lengths, patterns, choices and
 *   required properties from the DTOs' class-validator decorators, and refuse unknown properties
 *   (`additionalProperties: false`: the validation pipe forbids them);
 * - every operation lists the problem+json answers its route can give: 400 where input is
 *   validated, 401 unless public, 403 behind a role guard, 404 with path parameters, 413 and 415
 *   with a body, 429 where a limit applies.
 * The contract run (apps/embedded/src/contract.e2e-spec.ts) holds the server to this document.
 */

type Operation = {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, unknown>;
};

interface RouteFacts {
  body?: Type<unknown>;
  query?: Type<unknown>;
  validatesInput: boolean;
  isPublic: boolean;
  guarded: boolean;
  throttled: boolean;
}

/** class-transformer's own storage of @Type and @Transform (not re-exported by its index). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: {
    findTypeMetadata(target: unknown, property: string): { typeFunction: () => unknown } | undefined;
    findTransformMetadatas(target: unknown, property: string, type: TransformationType): unknown[];
  };
};

/** An `If-Match` the gateway understands: one revision, `3`, `"3"` or `W/"3"`. */
const ENTITY_TAG = '(?:W/)?(?:"[0-9]{1,9}"|[0-9]{1,9})';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function factsOf(controller: Type<unknown>, method: string): RouteFacts {
  const handler = controller.prototype[method] as object;
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, { index: number; data?: unknown }>;
  const paramTypes = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as unknown[];
  const facts: RouteFacts = { validatesInput: false, isPublic: false, guarded: false, throttled: false };
  for (const [key, arg] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]);
    const type = paramTypes[arg.index];
    if (kind === RouteParamtypes.BODY) {
      facts.validatesInput = true;
      if (arg.data === undefined && isValidatedClass(type)) facts.body = type as Type<unknown>;
    }
    if (kind === RouteParamtypes.QUERY) {
      facts.validatesInput = true;
      if (arg.data === undefined && isValidatedClass(type)) facts.query = type as Type<unknown>;
    }
    if (kind === RouteParamtypes.PARAM || kind === RouteParamtypes.HEADERS) facts.validatesInput = true;
  }
  facts.isPublic = Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller));
  const guards = [...((Reflect.getMetadata(GUARDS_METADATA, controller) ?? []) as unknown[]), ...((Reflect.getMetadata(GUARDS_METADATA, handler) ?? []) as unknown[])];
  facts.throttled = guards.some((g) => g === ThrottlerGuard || (typeof g === 'function' && g.prototype instanceof ThrottlerGuard));
  facts.guarded = guards.some((g) => g !== ThrottlerGuard && !(typeof g === 'function' && g.prototype instanceof ThrottlerGuard));
  return facts;
}

/** Nest's default operation ids are `${Controller}_${method}`: the route facts by operation id. */
function routesOf(controllers: Type<unknown>[]): Map<string, RouteFacts> {
  const out = new Map<string, RouteFacts>();
  for (const controller of controllers) {
    for (const method of Object.getOwnPropertyNames(controller.prototype)) {
      if (method === 'constructor') continue;
      const handler = controller.prototype[method];
      if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      out.set(`${controller.name}_${method}`, factsOf(controller, method));
    }
  }
  return out;
}

/** Whether a property is transformed before validation (the DTOs' @Transform calls trim strings). */
function trims(cls: Type<unknown>, property: string): boolean {
  return defaultMetadataStorage.findTransformMetadatas(cls, property, TransformationType.PLAIN_TO_CLASS).length > 0;
}

/** A component schema made strict from its class: typed properties, required list, no extras. */
function strictSchema(cls: Type<unknown>, schema: JsonSchema): JsonSchema {
  const validation = validationOf(cls);
  // Only decorated properties pass the whitelist: a property @ApiProperty alone names is refused.
  const declared = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  const properties = Object.fromEntries(Object.entries(declared).filter(([property]) => validation.has(property)));
  const required: string[] = [];
  for (const [property, metadata] of validation) {
    properties[property] = propertySchema(metadata, properties[property] ?? {}, trims(cls, property));
    if (isRequired(metadata)) required.push(property);
  }
  const out: JsonSchema = { ...schema, type: 'object', properties, additionalProperties: false };
  if (required.length) out.required = required;
  else delete out.required;
  const rules = objectRules(validation);
  const atLeastOne = Reflect.getMetadata(AT_LEAST_ONE_OF, cls) as string[] | undefined;
  if (atLeastOne) rules.push({ anyOf: atLeastOne.map((property) => ({ required: [property] })) });
  if (rules.length === 1) Object.assign(out, rules[0]);
  else if (rules.length > 1) out.allOf = rules;
  return out;
}

/** The classes nested DTOs are validated as (@ValidateNested with @Type), recursively. */
function nestedClasses(cls: Type<unknown>, seen = new Set<Type<unknown>>()): Set<Type<unknown>> {
  if (seen.has(cls)) return seen;
  seen.add(cls);
  for (const property of validationOf(cls).keys()) {
    const type = Reflect.getMetadata('design:type', cls.prototype, property) as unknown;
    const transformed = transformedType(cls, property);
    for (const candidate of [transformed, type]) if (isValidatedClass(candidate)) nestedClasses(candidate as Type<unknown>, seen);
  }
  return seen;
}

/** The class a @Type(() => X) names (class-transformer keeps it in its own storage). */
function transformedType(cls: Type<unknown>, property: string): unknown {
  return defaultMetadataStorage.findTypeMetadata(cls, property)?.typeFunction();
}

function addResponse(operation: Operation, status: number, description: string): void {
  if (operation.responses[String(status)]) return;
  const { description: text, headers, content } = problemResponse(status, description) as { description: string; headers: unknown; content: unknown };
  operation.responses[String(status)] = { description: text, headers, content };
}

/** The problem answer, or — where the route documents that status already — one more cause in its description. */
function addOrExtend(operation: Operation, status: number, description: string): void {
  const existing = operation.responses[String(status)] as { description?: string } | undefined;
  if (existing) existing.description = `${existing.description ?? ''}; ${description}`;
  else addResponse(operation, status, description);
}

/**
 * A command (POST, PUT, PATCH, DELETE) takes an optional Idempotency-Key (http/command-outcome.ts),
 * may be answered 202 when its read model has not caught up in time (the success's body, a
 * Location to poll), and 503 with Retry-After when a service did not answer in time.
 */
function commandAnswers(operation: Operation): void {
  const parameters = (operation.parameters ??= []);
  if (!parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Your key for this command (a UUID, say), so that a retry is answered with the first outcome instead of acting twice. ' +
        'The same key with another request is refused (409 IDEMPOTENCY.KEY_REUSED); without one the gateway makes one and echoes it in the answer’s Idempotency-Key header.',
      schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN },
    });
  }
  const success = Object.entries(operation.responses).find(([status]) => /^2\d\d$/.test(status) && status !== '202');
  if (!operation.responses['202']) {
    const content = (success?.[1] as { content?: unknown } | undefined)?.content;
    operation.responses['202'] = {
      description:
        'Accepted: the command is stored, but its read model had not applied it in time; GET the Location (after Retry-After seconds) until it shows. ' +
        'The body is what the success would carry (a conversion application not yet readable: its applicationId only).',
      headers: {
        Location: { description: 'Where the result will be readable', schema: { type: 'string' } },
        'Retry-After': { description: 'Seconds before polling', schema: { type: 'integer' } },
      },
      ...(content ? { content } : {}),
    };
  }
  addOrExtend(operation, 409, 'IDEMPOTENCY.KEY_REUSED: this Idempotency-Key was used for another request');
  addOrExtend(
    operation,
    503,
    'GATEWAY.SERVICE_TIMEOUT: the outcome is unknown (the command may have been carried out), repeating it with the same Idempotency-Key is safe; ' +
      'GATEWAY.SERVICE_UNAVAILABLE; IDEMPOTENCY.IN_PROGRESS: the same key is still being handled. Retry-After says when to try again',
  );
}

/**
 * Rewrites `document` in place (and returns it). `extraModels` are DTO classes referenced by hand
 * (e.g. the registration union), validated by the handler rather than the pipe.
 */
export function strictDocument(document: OpenAPIObject, controllers: Type<unknown>[], extraModels: Type<unknown>[] = []): OpenAPIObject {
  const routes = routesOf(controllers);
  const schemas = (document.components?.schemas ?? {}) as Record<string, JsonSchema>;
  const requestClasses = new Set<Type<unknown>>();
  for (const model of extraModels) nestedClasses(model, requestClasses);

  for (const pathItem of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (pathItem as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const facts = operation.operationId ? routes.get(operation.operationId) : undefined;
      if (!facts) continue;
      if (facts.body) nestedClasses(facts.body, requestClasses);
      if (facts.query) {
        const validation = validationOf(facts.query);
        for (const parameter of operation.parameters ?? []) {
          const metadata = parameter.in === 'query' ? validation.get(parameter.name) : undefined;
          if (!metadata) continue;
          const schema = propertySchema(metadata, parameter.schema ?? {}, trims(facts.query, parameter.name));
          // A query string has no null: an optional parameter is simply left out.
          delete schema.nullable;
          parameter.schema = schema;
          parameter.required = isRequired(metadata);
        }
      }
      if (operation.requestBody) {
        // A DTO without required properties takes a missing body as {} (a null one is refused).
        if (facts.body) operation.requestBody.required = [...validationOf(facts.body).values()].some(isRequired);
        addResponse(operation, 413, 'HTTP.PAYLOAD_TOO_LARGE: the body is over the limit');
        addResponse(operation, 415, 'HTTP.UNSUPPORTED_MEDIA_TYPE: the body is not of a content type listed here');
      }
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'header' || parameter.name.toLowerCase() !== 'if-match') continue;
        // As revisionFromIfMatch (ledger) and numberFromIfMatch (catalog) read it; empty = not given.
        parameter.schema = { ...parameter.schema, type: 'string', pattern: parameter.required ? `^${ENTITY_TAG}$` : `^(?:${ENTITY_TAG})?$` };
      }
      if (method !== 'get' && method !== 'head' && method !== 'options') commandAnswers(operation);
      const hasPathParameters = (operation.parameters ?? []).some((p) => p.in === 'path');
      if (facts.validatesInput || operation.requestBody || (operation.parameters ?? []).length) addResponse(operation, 400, 'VALIDATION.INVALID_INPUT: the request has invalid fields');
      if (!facts.isPublic) addResponse(operation, 401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID / AUTH.TOKEN_REVOKED');
      if (!facts.isPublic && facts.guarded) addResponse(operation, 403, 'AUTH.FORBIDDEN: this role may not do that');
      if (hasPathParameters) addResponse(operation, 404, 'Not found: no such record (an id that is not one answers the same)');
      if (facts.throttled) addResponse(operation, 429, 'HTTP.TOO_MANY_REQUESTS: over the limit for this route; Retry-After says when to try again');
    }
  }
  for (const cls of requestClasses) {
    const schema = schemas[cls.name];
    if (schema) schemas[cls.name] = strictSchema(cls, schema);
  }
  return document;
}
