import { toFieldErrors } from '@credit-bank/platform';
import { ValidationPipe } from '@nestjs/common';
import { problem } from './problem';

/** Validates bodies and queries; one entry per bad field in the problem's `errors`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => problem('VALIDATION.INVALID_INPUT', 'validation', 'The request has invalid fields.', toFieldErrors(errors)),
  });
}
