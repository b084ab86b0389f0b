import { DomainError } from '@app/kernel';
import type { BlockContent } from '@app/contracts';
import { blockStructureErrors } from '../template-content.schema';

/** Block content must have the BlockContent structure before anything else looks at it. */
export function assertValidBlockContent(content: BlockContent): void {
  const errors = blockStructureErrors(content);
  if (errors.length) throw new DomainError('validation_failed', 'The block version content is invalid', errors);
}
