import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from '@app/kernel';

/**
 * Request bodies are validated once, here: unknown fields are refused, and
 * every failure becomes a field error with a JSON pointer into the body.
 */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new DomainError('validation_failed', 'The request body is invalid', flatten(errors, '')),
  });
}

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const pointer = `${prefix}/${escapePointer(error.property)}`;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      pointer,
      message: rule === 'whitelistValidation' ? 'is not an allowed field' : message,
    }));
    return [...own, ...flatten(error.children ?? [], pointer)];
  });
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
