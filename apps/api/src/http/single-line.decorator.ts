import { ValidateBy, ValidationOptions } from 'class-validator';
import { textProblem } from '@app/kernel';

/**
 * A field that is one line wherever it ends up: a name in an email header or
 * a WhatsApp parameter, an identifier in a file name or a log line. A line
 * break or tab there would be refused by a provider after the document was
 * accepted, or would split what a reader takes for one value.
 */
export function SingleLine(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'singleLine',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || textProblem(value, 'line') === undefined,
        defaultMessage: (args) => `must be a single line: it ${textProblem(String(args?.value ?? ''), 'line') ?? 'holds a line break'}`,
      },
    },
    options,
  );
}
