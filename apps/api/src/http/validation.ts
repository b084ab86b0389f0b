import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, escapePointerSegment, FieldError } from '@app/kernel';

/**
 * Request bodies are validated once, here: unknown fields are refused, and
 * every failure becomes a field error with a JSON pointer into the body.
 */
export function requestValidationPipe(): ValidationPipe {
  return new DepthLimitedValidationPipe({
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
    const pointer = `${prefix}/${escapePointerSegment(error.property)}`;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      pointer,
      message: rule === 'whitelistValidation' ? 'is not an allowed field' : message,
    }));
    return [...own, ...flatten(error.children ?? [], pointer)];
  });
}

/** Deeper than any real document; deeper input would only exhaust the validators' recursion. */
export const MAX_BODY_DEPTH = 32;

class DepthLimitedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      const pointer = firstTooDeep(value, MAX_BODY_DEPTH);
      if (pointer !== null) {
        throw new DomainError('validation_failed', `The request body nests deeper than ${MAX_BODY_DEPTH} levels`, [
          { pointer, message: `nests deeper than ${MAX_BODY_DEPTH} levels` },
        ]);
      }
    }
    return super.transform(value, metadata);
  }
}

/** Pointer of the first value nested beyond `limit`, found without recursion. */
function firstTooDeep(root: unknown, limit: number): string | null {
  const stack: Array<{ value: unknown; depth: number; pointer: string }> = [{ value: root, depth: 0, pointer: '' }];
  while (stack.length) {
    const { value, depth, pointer } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return pointer;
    for (const [key, child] of Object.entries(value)) {
      stack.push({ value: child, depth: depth + 1, pointer: `${pointer}/${escapePointerSegment(key)}` });
    }
  }
  return null;
}
