/** The fields most rules test; any other path can still be written in the JSON. */
export const COMMON_FIELDS = [
  'data.account.plan',
  'derived.amountDue',
  'derived.daysToDue',
  'document.locale',
  'document.type',
  'recipient.customerId',
] as const;

export const OPERATORS = ['==', '!=', '<', '<=', '>', '>=', 'in'] as const;
export type Operator = (typeof OPERATORS)[number];

/** A value as typed: a number when it reads as one, a list for `in` (comma-separated), else text. */
function valueOf(operator: Operator, text: string): unknown {
  const one = (part: string): string | number => (/^-?\d+(\.\d+)?$/.test(part.trim()) ? Number(part.trim()) : part.trim());
  return operator === 'in' ? text.split(',').map(one) : one(text);
}

/** One JSON Logic condition: `field operator value` (for `in`, the field's value is one of the listed values). */
export function condition(field: string, operator: Operator, text: string): Record<string, unknown> {
  return { [operator]: [{ var: field }, valueOf(operator, text)] };
}

/**
 * Adds a condition to a rule with `and`: the rule's own conditions when it is
 * already an `and`, else the whole rule as the first condition.
 */
export function withCondition(rule: unknown, added: Record<string, unknown>): Record<string, unknown> {
  if (rule && typeof rule === 'object' && !Array.isArray(rule) && Object.keys(rule).length === 1 && Array.isArray((rule as { and?: unknown }).and)) {
    return { and: [...(rule as { and: unknown[] }).and, added] };
  }
  if (rule === null || rule === undefined || rule === true) return { and: [added] };
  return { and: [rule, added] };
}
