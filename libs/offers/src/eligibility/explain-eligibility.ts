import jsonLogic from 'json-logic-js';
import type { EligibilityContext } from './eligibility-context';
import { evaluateEligibility, isOperation } from './eligibility-rule';

export interface ConditionOutcome {
  /** `plan = Fiber 100`, `amountDue < 100`. */
  readonly condition: string;
  readonly held: boolean;
  /** What the data held, when the condition failed and read one value. */
  readonly was?: unknown;
}

export interface EligibilityExplanation {
  readonly eligible: boolean;
  readonly conditions: readonly ConditionOutcome[];
  /** `plan = Fiber 100 ✓, amountDue < 100 ✗ (was 120.50)`. */
  readonly summary: string;
}

const SYMBOLS: Readonly<Record<string, string>> = { '==': '=', '===': '=', '!=': '≠', '!==': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥', in: 'in' };

/**
 * Says in words which conditions of a rule held: each operand of a top-level
 * `and`/`or` is one condition (evaluated by the library like the whole rule),
 * a comparison with a `var` names the field by its last segment and, when it
 * failed, what the data held.
 */
export function explainEligibility(rule: unknown, context: EligibilityContext): EligibilityExplanation {
  const eligible = evaluateEligibility(rule, context).eligible;
  const parts = isOperation(rule) && ('and' in rule || 'or' in rule) && Array.isArray(Object.values(rule)[0]) ? (Object.values(rule)[0] as unknown[]) : [rule];
  const conditions = parts.map((part) => outcome(part, context));
  const summary = conditions.map((c) => `${c.condition} ${c.held ? '✓' : '✗'}${!c.held && c.was !== undefined ? ` (was ${show(c.was)})` : ''}`).join(', ');
  return { eligible, conditions, summary: summary || (eligible ? 'everyone ✓' : 'no one ✗') };
}

function outcome(part: unknown, context: EligibilityContext): ConditionOutcome {
  const held = evaluateEligibility(part, context).eligible;
  if (part === true) return { condition: 'everyone', held };
  if (!isOperation(part)) return { condition: JSON.stringify(part), held };
  const [op, args] = Object.entries(part)[0];
  if (SYMBOLS[op] && Array.isArray(args) && args.length === 2) {
    const [left, right] = args;
    const variable = isVar(left) ? left : isVar(right) ? right : null;
    const text = `${describe(left)} ${SYMBOLS[op]} ${describe(right)}`;
    if (!variable) return { condition: text, held };
    return held ? { condition: text, held } : { condition: text, held, was: jsonLogic.apply(variable as jsonLogic.RulesLogic, context) ?? null };
  }
  if (op === '!' || op === '!!') return { condition: `${op === '!' ? 'not ' : ''}${describe(Array.isArray(args) ? args[0] : args)}`, held };
  if (op === 'var') return { condition: describe(part), held, ...(held ? {} : { was: jsonLogic.apply(part as jsonLogic.RulesLogic, context) ?? null }) };
  return { condition: `${op}(${JSON.stringify(args)})`, held };
}

function isVar(value: unknown): value is { var: unknown } {
  return isOperation(value) && 'var' in value;
}

function describe(value: unknown): string {
  if (isVar(value)) {
    const path = String(Array.isArray(value.var) ? value.var[0] : value.var);
    return path.split('.').pop() || path;
  }
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (isOperation(value)) return JSON.stringify(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
