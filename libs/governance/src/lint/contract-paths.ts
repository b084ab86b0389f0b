type Schema = Record<string, unknown> | boolean;

/** What the merge context holds beside the data: the reserved names and their fields. */
const RESERVED_FIELDS: Readonly<Record<string, ReadonlySet<string> | null>> = {
  recipient: new Set(['customerId', 'name', 'email', 'phone', 'whatsapp', 'consents', 'channels']),
  document: new Set(['id', 'type', 'externalRef']),
  locale: new Set(['tag', 'language', 'dir']),
  actions: new Set(['payUrl', 'askUrl', 'payPath', 'askPath', 'payQrSvg']),
  lineBudget: new Set(['lines', 'hidden', 'hiddenAmount', 'limit']),
  // Declared slots are checked by the offer-slot rule, which knows the template's `offerSlots`.
  offers: null,
};

/** `invoice.lines[].amount` → `['invoice', 'lines', '[]', 'amount']`. */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  for (const part of path.split('.')) {
    const match = /^(.*?)((?:\[\])*)$/.exec(part)!;
    if (match[1]) segments.push(match[1]);
    for (let i = 0; i < match[2].length / 2; i += 1) segments.push('[]');
  }
  return segments;
}

/**
 * Whether a path a template reads exists in the data contract (or among the
 * reserved context names). Returns the first segment that does not, or null
 * when the whole path is declared or the contract leaves that object open.
 */
export function undeclaredSegment(contract: Record<string, unknown>, path: string): string | null {
  const segments = pathSegments(path);
  if (segments.length === 0) return null;
  const reserved = RESERVED_FIELDS[segments[0]];
  if (reserved !== undefined) {
    if (segments.length > 1 && reserved && !reserved.has(segments[1])) return segments.slice(0, 2).join('.');
    return null;
  }
  let current: Schema[] = [contract];
  for (let index = 0; index < segments.length; index += 1) {
    const candidates = current.flatMap((schema) => expand(contract, schema));
    const segment = segments[index];
    const next: Schema[] = [];
    let closed = false;
    for (const schema of candidates) {
      if (typeof schema === 'boolean') {
        if (schema) return null;
        continue;
      }
      if (segment === '[]') {
        if (schema.items !== undefined) next.push(schema.items as Schema);
        else if (schema.type === 'array') return null;
        continue;
      }
      if (segment === 'length' && (schema.type === 'array' || schema.type === 'string')) return null;
      const properties = schema.properties as Record<string, Schema> | undefined;
      if (properties && Object.hasOwn(properties, segment)) {
        next.push(properties[segment]);
        continue;
      }
      const additional = schema.additionalProperties as Schema | undefined;
      if (additional && typeof additional === 'object') next.push(additional);
      else if (properties || additional === false) closed = true;
    }
    if (next.length === 0) {
      if (closed || segment === '[]') return segments.slice(0, index + 1).join('.').replace(/\.\[\]/g, '[]');
      return null;
    }
    current = next;
  }
  return null;
}

/** Required leaf fields of the contract, as paths (`invoice.lines[].amount`). */
export function requiredPaths(contract: Record<string, unknown>): string[] {
  const paths: string[] = [];
  const walk = (schema: Schema, prefix: string, depth: number): void => {
    if (depth > 12) return;
    const candidates = expand(contract, schema).filter((s): s is Record<string, unknown> => typeof s === 'object');
    let descended = false;
    for (const candidate of candidates) {
      if (candidate.items && typeof candidate.items === 'object') {
        walk(candidate.items as Schema, `${prefix}[]`, depth + 1);
        descended = true;
      }
      const properties = candidate.properties as Record<string, Schema> | undefined;
      const required = (candidate.required as string[] | undefined) ?? [];
      for (const name of required) {
        if (properties?.[name] === undefined) continue;
        walk(properties[name], prefix ? `${prefix}.${name}` : name, depth + 1);
        descended = true;
      }
    }
    if (!descended && prefix) paths.push(prefix);
  };
  walk(contract, '', 0);
  return [...new Set(paths)];
}

/** The schema itself and every subschema that applies to the same value. */
function expand(root: Record<string, unknown>, schema: Schema, seen: Set<unknown> = new Set()): Schema[] {
  if (typeof schema === 'boolean' || seen.has(schema)) return [schema];
  seen.add(schema);
  const out: Schema[] = [schema];
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#')) {
    const target = resolvePointer(root, schema.$ref.slice(1));
    if (target !== undefined) out.push(...expand(root, target, seen));
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[keyword];
    if (Array.isArray(list)) for (const member of list) out.push(...expand(root, member as Schema, seen));
  }
  for (const keyword of ['then', 'else']) {
    if (schema[keyword] !== undefined) out.push(...expand(root, schema[keyword] as Schema, seen));
  }
  return out;
}

function resolvePointer(root: Record<string, unknown>, pointer: string): Schema | undefined {
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node as Schema | undefined;
}
