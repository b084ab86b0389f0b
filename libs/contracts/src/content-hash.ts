import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { TemplateContent } from './template-content';

/** SHA-256 (hex) of the content's canonical JSON: the version's content hash. */
export function contentHash(content: TemplateContent): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}
