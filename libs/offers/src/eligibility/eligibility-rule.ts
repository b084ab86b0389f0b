import jsonLogic from 'json-logic-js';
import type { FieldError } from '@app/kernel';
import { ELIGIBILITY_VOCABULARY, type EligibilityContext } from './eligibility-context';

/**
 * The operators a rule may use: json-logic-js's own, minus those that reach
 * outside the data (`log`) — no operator is ever added, so a rule is data
 * evaluated by the library, never code.
 */
const OPERATORS = new Set([
  'var', 'missing', 'missing_some', 'if', '?:', '==', '===', '!=', '!==', '!', '!!', 'or', 'and',
  '>', '>=', '<', '<=', 'max', 'min', '+', '-', '*', '/', '%', 'map', 'filter', 'reduce', 'all', 'none', 'some',
  'merge', 'in', 'cat', 'substr',
]);
/** Inside these, `var` reads the current item, not the context. */
const ITEM_SCOPES = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);

export interface VarUse {
  readonly path: string;
  /** JSON pointer of the `var` inside the rule. */
  readonly pointer: string;
}

/** Every `{"var": "..."}` that reads the context (not an item of `map`/`filter`/…), with where it sits. */
export function varUses(rule: unknown, pointer = '', inItemScope = false): VarUse[] {
  if (Array.isArray(rule)) return rule.flatMap((item, index) => varUses(item, `${pointer}/${index}`, inItemScope));
  if (!isOperation(rule)) return [];
  const [op, args] = Object.entries(rule)[0];
  if (op === 'var') {
    if (inItemScope) return [];
    const path = Array.isArray(args) ? args[0] : args;
    return typeof path === 'string' || typeof path === 'number' ? [{ path: String(path), pointer: `${pointer}/var` }] : [];
  }
  if (ITEM_SCOPES.has(op) && Array.isArray(args)) {
    return [...varUses(args[0], `${pointer}/${op}/0`, inItemScope), ...args.slice(1).flatMap((arg, i) => varUses(arg, `${pointer}/${op}/${i + 1}`, true))];
  }
  return varUses(args, `${pointer}/${escape(op)}`, inItemScope);
}

/** Operators the library would refuse or that are not allowed, at their pointers. */
export function operatorErrors(rule: unknown, pointer = '/eligibility'): FieldError[] {
  if (Array.isArray(rule)) return rule.flatMap((item, index) => operatorErrors(item, `${pointer}/${index}`));
  if (rule === null || typeof rule !== 'object') return [];
  const keys = Object.keys(rule);
  if (keys.length !== 1) return [{ pointer, message: 'an operation is an object with exactly one operator' }];
  const [op] = keys;
  if (!OPERATORS.has(op)) return [{ pointer: `${pointer}/${escape(op)}`, message: `"${op}" is not a JSON Logic operator this platform evaluates` }];
  return operatorErrors((rule as Record<string, unknown>)[op], `${pointer}/${escape(op)}`);
}

/**
 * Whether a `var` path exists: `recipient.…`, `document.…`, `derived.…` from
 * the fixed vocabulary, `data.…` where `dataDeclares` says the template kind's
 * contract declares it.
 */
export function pathProblem(path: string, dataDeclares: (segments: readonly string[]) => boolean): string | null {
  const [root, ...rest] = path.split('.');
  if (root === 'data') return rest.length && dataDeclares(rest) ? null : `"${path}" is not in the data contract of the template kind`;
  const vocabulary = ELIGIBILITY_VOCABULARY[root];
  if (!vocabulary) return `"${path}" reads neither recipient, data, document nor derived`;
  if (rest.length && !vocabulary.includes(rest.join('.'))) return `"${path}" is not one of ${vocabulary.map((name) => `${root}.${name}`).join(', ')}`;
  return null;
}

/** Applies the rule with json-logic-js; anything but a truthy answer (an error included) is not eligible. */
export function evaluateEligibility(rule: unknown, context: EligibilityContext): { readonly eligible: boolean; readonly error?: string } {
  try {
    return { eligible: Boolean(jsonLogic.truthy(jsonLogic.apply(rule as jsonLogic.RulesLogic, context))) };
  } catch (error) {
    return { eligible: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export function isOperation(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
