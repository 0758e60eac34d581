import { DomainError, FieldError } from '@credit-bank/kernel';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validate } from 'class-validator';

export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
      out.push({ field, code: constraint, message });
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
