import { RESERVED_CONTEXT_KEYS } from './merge-context';

const RESERVED: ReadonlySet<string> = new Set(RESERVED_CONTEXT_KEYS);

/**
 * JSON pointer (RFC 6901) into the document request for a path of the merge
 * context: document data lives under `/data`, the reserved roots (`recipient`,
 * `document`, ...) sit at the top of the request.
 */
export function contextPointer(parts: readonly string[]): string {
  if (parts.length === 0) return '/data';
  const escaped = parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1'));
  return RESERVED.has(parts[0]) ? `/${escaped.join('/')}` : `/data/${escaped.join('/')}`;
}
