import { DomainError } from '@app/kernel';
import type { TemplateContent } from '@app/contracts';
import { unsupportedPatterns } from '@app/templating';
import { contentStructureErrors } from './template-content.schema';
import { assertWithinLimits } from './template-limits.rules';

/** Content must have the TemplateContent structure, belong to its template's kind and keep to the template limits. */
export function assertValidContent(content: TemplateContent, kind: string): void {
  const errors = contentStructureErrors(content);
  if (errors.length === 0) errors.push(...unsupportedPatterns(content.dataContract, '/dataContract'));
  if (errors.length) throw new DomainError('validation_failed', 'The version content is invalid', errors);
  if (content.kind !== kind) {
    throw new DomainError('validation_failed', `A version of a ${kind} template must be of kind "${kind}"`, [
      { pointer: '/kind', message: `must be "${kind}", the template's kind` },
    ]);
  }
  assertWithinLimits(content);
}
