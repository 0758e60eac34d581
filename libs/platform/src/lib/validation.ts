import { DomainError, FieldError } from '@credit-bank/kernel';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, ValidationError, validate } from 'class-validator';

/** How the arguments of class-validator's constraints are named in a field error's `params`. */
const CONSTRAINT_PARAMS: Record<string, (args: unknown[]) => Record<string, string | number>> = {
  isLength: ([min, max]) => ({ min: Number(min), max: Number(max) }),
  minLength: ([min]) => ({ min: Number(min) }),
  maxLength: ([max]) => ({ max: Number(max) }),
  min: ([min]) => ({ min: Number(min) }),
  max: ([max]) => ({ max: Number(max) }),
  arrayMinSize: ([min]) => ({ min: Number(min) }),
  arrayMaxSize: ([max]) => ({ max: Number(max) }),
  isIn: ([values]) => ({ values: Array.isArray(values) ? values.join(', ') : String(values) }),
  exactlyOneOf: ([other]) => ({ other: String(other) }),
  notTogetherWith: ([other]) => ({ other: String(other) }),
};

/**
 * The arguments a constraint was declared with (`@Length(1, 50)` → {min: 1, max: 50}), read back
 * from class-validator's metadata: its errors carry only an English sentence, and the HTTP edge
 * words the message in the client's language from the code and these values.
 */
function constraintParams(e: ValidationError, constraint: string): Record<string, string | number> | undefined {
  const name = CONSTRAINT_PARAMS[constraint];
  const target = e.target?.constructor;
  if (!name || typeof target !== 'function') return undefined;
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((m) => m.propertyName === e.property && m.name === constraint);
  return metadata ? name(metadata.constraints ?? []) : undefined;
}

export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
      const params = constraintParams(e, constraint);
      out.push({ field, code: constraint, message, ...(params ? { params } : {}) });
    }
    if (e.children?.length) out.push(...toFieldErrors(e.children, field));
  }
  return out;
}

export function validationFailed(errors: FieldError[], code = 'VALIDATION.INVALID_INPUT'): DomainError {
  return new DomainError(code, 'validation', 'The request has invalid fields.', undefined, errors);
}

/** Validates a plain object against a class-validator DTO; throws a validation DomainError. */
export async function validateDto<T extends object>(cls: new () => T, plain: unknown): Promise<T> {
  const instance = plainToInstance(cls, plain ?? {});
  const errors = await validate(instance as object, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw validationFailed(toFieldErrors(errors));
  return instance;
}
