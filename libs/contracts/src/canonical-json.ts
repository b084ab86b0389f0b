/**
 * JSON with object keys sorted recursively (by UTF-16 code units, as RFC 8785
 * does) and no whitespace, so equal content always yields equal bytes whatever
 * order its keys were written in. Values follow JSON.stringify: `toJSON` is
 * honoured, `undefined` and functions are dropped from objects and become
 * `null` in arrays, non-finite numbers become `null`.
 */
export function canonicalJson(value: unknown): string {
  const text = serialize(value);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON representation');
  return text;
}

function serialize(input: unknown): string | undefined {
  const value = hasToJson(input) ? input.toJSON() : input;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'bigint':
      throw new TypeError('canonicalJson: a bigint has no JSON representation');
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((item) => serialize(item) ?? 'null').join(',')}]`;
      return serializeObject(value as Record<string, unknown>);
    default:
      return undefined;
  }
}

function serializeObject(object: Record<string, unknown>): string {
  const members: string[] = [];
  // Default sort compares UTF-16 code units, which is what makes this canonical.
  for (const key of Object.keys(object).sort()) {
    const member = serialize(object[key]);
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${members.join(',')}}`;
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
