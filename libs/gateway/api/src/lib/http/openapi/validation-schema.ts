import { getMetadataStorage } from 'class-validator';

/**
 * JSON Schema from class-validator's metadata: what a DTO's decorators accept, written into the
 * OpenAPI document, so the validation pipe and the document have one source of truth (the
 * decorators) instead of @ApiProperty options repeating them by hand.
 */

export type JsonSchema = Record<string, unknown>;

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

type Ctor = abstract new (...args: never[]) => unknown;

/** Formats that only inform (no JSON Schema validator checks them). */
const INFORMATIONAL_FORMATS = new Set(['password', 'binary']);

/** The validation metadata of a class (its parents' included), by property. */
export function validationOf(cls: Ctor): Map<string, ValidationMetadata[]> {
  const byProperty = new Map<string, ValidationMetadata[]>();
  const storage = getMetadataStorage();
  for (const m of storage.getTargetValidationMetadatas(cls as unknown as new () => unknown, '', true, false)) {
    const list = byProperty.get(m.propertyName) ?? [];
    list.push(m);
    byProperty.set(m.propertyName, list);
  }
  return byProperty;
}

/** A class validated by class-validator (has at least one decorated property). */
export function isValidatedClass(value: unknown): value is Ctor {
  return typeof value === 'function' && validationOf(value as Ctor).size > 0;
}

/** The constraint's name: built-in decorators carry it; custom ones through their constraint class. */
function nameOf(m: ValidationMetadata): string | undefined {
  if (m.name) return m.name;
  if (m.type !== 'customValidation') return m.type;
  const constraint = getMetadataStorage().getTargetValidatorConstraints(m.constraintCls)[0];
  return constraint?.name;
}

/**
 * Cross-property rules of the contracts' own decorators, as JSON Schema on the object:
 * @ExactlyOneOf(other) → exactly one of the two present; @NotTogetherWith(other) → not both.
 */
export function objectRules(validation: Map<string, ValidationMetadata[]>): JsonSchema[] {
  const rules: JsonSchema[] = [];
  for (const [property, metadata] of validation) {
    for (const m of metadata) {
      const other = String((m.constraints ?? [])[0]);
      const name = nameOf(m);
      if (name === 'exactlyOneOf') rules.push({ oneOf: [{ required: [property] }, { required: [other] }] });
      if (name === 'notTogetherWith') rules.push({ not: { required: [property, other] } });
    }
  }
  return rules;
}

/** Properties that must be present: neither @IsOptional nor under a @ValidateIf condition. */
export function isRequired(metadata: ValidationMetadata[]): boolean {
  return !metadata.some((m) => m.type === 'conditionalValidation');
}

/** True when a @Transform trims the value first (then "not empty" means "not blank"). */
export type TrimmedProperty = (property: string) => boolean;

/**
 * The JSON Schema keywords a property's decorators imply. `base` is what @ApiProperty said (its
 * description, example, $ref…); the decorators win where they say something.
 */
export function propertySchema(metadata: ValidationMetadata[], base: JsonSchema, trims: boolean): JsonSchema {
  const own: JsonSchema = {};
  const items: JsonSchema = {};
  let array = false;
  for (const m of metadata) {
    const name = nameOf(m);
    const c = m.constraints ?? [];
    const target = m.each ? items : own;
    if (m.each) array = true;
    switch (name) {
      case 'isInt':
        target.type = 'integer';
        break;
      case 'isNumber': {
        target.type = target.type === 'integer' ? 'integer' : 'number';
        const places = (c[0] as { maxDecimalPlaces?: number } | undefined)?.maxDecimalPlaces;
        if (typeof places === 'number' && target.type === 'number') target.multipleOf = Number((10 ** -places).toFixed(places));
        break;
      }
      case 'isString':
        target.type = 'string';
        break;
      case 'isBoolean':
        target.type = 'boolean';
        break;
      case 'isObject':
        target.type = 'object';
        break;
      case 'isArray':
        array = true;
        break;
      case 'min':
        target.minimum = c[0];
        break;
      case 'max':
        target.maximum = c[0];
        break;
      case 'isPositive':
        target.exclusiveMinimum = 0;
        break;
      case 'isLength':
        target.type ??= 'string';
        if (typeof c[0] === 'number') target.minLength = c[0];
        if (typeof c[1] === 'number') target.maxLength = c[1];
        break;
      case 'minLength':
        target.type ??= 'string';
        target.minLength = c[0];
        break;
      case 'maxLength':
        target.type ??= 'string';
        target.maxLength = c[0];
        break;
      case 'isNotEmpty':
        // On a string: at least one character — one that is not blank when the value is trimmed first.
        if (trims) target.pattern ??= '\\S';
        target.minLength = Math.max(Number(target.minLength ?? 0), 1);
        break;
      case 'matches': {
        const pattern = c[0] instanceof RegExp ? c[0].source : String(c[0]);
        target.type ??= 'string';
        target.pattern = pattern;
        break;
      }
      case 'isIn':
        target.enum = [...(c[0] as unknown[])];
        break;
      case 'isEnum':
        target.enum = Object.values(c[0] as object).filter((v) => typeof v === 'string' || typeof v === 'number');
        break;
      case 'equals':
        target.enum = [c[0]];
        break;
      case 'isUUID':
        target.type = 'string';
        target.format = 'uuid';
        break;
      case 'isEmail':
        target.type = 'string';
        target.format = 'email';
        break;
      case 'isOptional':
        // class-validator's @IsOptional lets null through as well as a missing property.
        target.nullable = true;
        break;
      case 'isCalendarDate':
        target.type = 'string';
        target.format = 'date';
        break;
      case 'isISO8601':
      case 'isDateString':
        target.type = 'string';
        target.format = 'date-time';
        break;
      case 'arrayMinSize':
        own.minItems = c[0];
        array = true;
        break;
      case 'arrayMaxSize':
        own.maxItems = c[0];
        array = true;
        break;
      case 'arrayUnique':
        own.uniqueItems = true;
        array = true;
        break;
      default:
        break;
    }
  }
  const out: JsonSchema = { ...base };
  // A format @ApiProperty names but no decorator checks is not what the server accepts.
  if (typeof out.format === 'string' && !INFORMATIONAL_FORMATS.has(out.format) && own.format === undefined) delete out.format;
  // Where @ApiProperty states a stricter bound than the decorators (a rule the service checks,
  // e.g. the password policy's 8 characters), the stricter one is what the server accepts.
  for (const [key, stricter] of [['minLength', Math.max], ['minimum', Math.max], ['maxLength', Math.min], ['maximum', Math.min]] as const) {
    if (typeof base[key] === 'number' && typeof own[key] === 'number') own[key] = stricter(base[key] as number, own[key] as number);
  }
  if (typeof base.pattern === 'string' && typeof own.pattern === 'string' && base.pattern !== own.pattern) {
    // Both must hold: the decorator's pattern here, the declared one in an allOf.
    own.allOf = [...((base.allOf as JsonSchema[] | undefined) ?? []), { pattern: base.pattern }];
  }
  if (array) {
    out.type = 'array';
    const baseItems = (base.items as JsonSchema | undefined) ?? {};
    out.items = { ...baseItems, ...items };
    for (const k of ['minItems', 'maxItems', 'uniqueItems', 'nullable']) if (own[k] !== undefined) out[k] = own[k];
  } else {
    Object.assign(out, own);
  }
  // A $ref beside keywords is ignored by OpenAPI 3.0 tools: nest it under allOf.
  if (out.$ref && Object.keys(own).length) {
    out.allOf = [{ $ref: out.$ref }];
    delete out.$ref;
  }
  // An example the decorators refuse would make the document contradict itself.
  if (out.enum && out.example !== undefined && !(out.enum as unknown[]).includes(out.example)) delete out.example;
  return out;
}
