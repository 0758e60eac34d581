import { toFieldErrors } from '@credit-bank/platform';
import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { problem } from './problem';

const invalid = (errors: Parameters<typeof problem>[3]) => problem('VALIDATION.INVALID_INPUT', 'validation', 'The request has invalid fields.', errors);

/**
 * Validates bodies and queries; one entry per bad field in the problem's `errors`. A body bound to
 * a DTO must be a JSON object when there is one: `null`, an array or a bare value is refused
 * (the pipe would otherwise read `null` as `{}`).
 */
class ObjectBodyValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto = metadata.type === 'body' && !metadata.data && typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (dto && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw invalid([{ field: '', code: 'isObject', message: 'the body must be a JSON object' }]);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ObjectBodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => invalid(toFieldErrors(errors)),
  });
}
