import { DomainError, FieldError } from '@app/kernel';
import type { TemplateContent } from '@app/contracts';
import { assertWithinTemplateLimits } from '@app/templating';
import { templateSources } from './lint/template-sources';

/**
 * Every source of well-structured content within the template limits, each
 * problem at its source's pointer. One linear scan per source, so it runs
 * before anything parses the content: saving a draft, previewing unsaved content.
 */
export function templateLimitErrors(content: TemplateContent): FieldError[] {
  return templateSources(content).flatMap(({ pointer, source }) => {
    try {
      assertWithinTemplateLimits(source);
      return [];
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return [{ pointer, message: error.message }];
    }
  });
}

/** `templateLimitErrors` as a refusal, with its pointers under `prefix` (where the content sits in the request). */
export function assertWithinLimits(content: TemplateContent, prefix = ''): void {
  const errors = templateLimitErrors(content);
  if (errors.length === 0) return;
  throw new DomainError(
    'limit_exceeded',
    `${errors.length === 1 ? 'A template source is' : `${errors.length} template sources are`} too complex`,
    errors.map((error) => ({ ...error, pointer: `${prefix}${error.pointer}` })),
  );
}
