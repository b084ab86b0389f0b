type Schema = Record<string, unknown> | boolean;

/**
 * Whether a JSON Schema (the template kind's data contract) declares the value
 * at `segments`: object properties by name, array items by index (or
 * `length`), through `$ref`s within the schema and `allOf`/`anyOf`/`oneOf`.
 * An object left open (`additionalProperties` as a schema) declares any name.
 */
export function contractDeclares(contract: Record<string, unknown>, segments: readonly string[]): boolean {
  let current: Schema[] = [contract];
  for (const segment of segments) {
    const next: Schema[] = [];
    for (const schema of current.flatMap((s) => expand(contract, s))) {
      if (typeof schema === 'boolean') {
        if (schema) return true;
        continue;
      }
      if (/^\d+$/.test(segment) && schema.items !== undefined) {
        next.push(schema.items as Schema);
        continue;
      }
      if (segment === 'length' && (schema.type === 'array' || schema.type === 'string')) return true;
      const properties = schema.properties as Record<string, Schema> | undefined;
      if (properties && Object.hasOwn(properties, segment)) next.push(properties[segment]);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') next.push(schema.additionalProperties as Schema);
    }
    if (!next.length) return false;
    current = next;
  }
  return true;
}

function expand(root: Record<string, unknown>, schema: Schema, seen = new Set<unknown>()): Schema[] {
  if (typeof schema === 'boolean' || seen.has(schema)) return [schema];
  seen.add(schema);
  const out: Schema[] = [schema];
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#/')) {
    let node: unknown = root;
    for (const part of schema.$ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node !== undefined) out.push(...expand(root, node as Schema, seen));
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[keyword];
    if (Array.isArray(list)) for (const member of list) out.push(...expand(root, member as Schema, seen));
  }
  return out;
}
