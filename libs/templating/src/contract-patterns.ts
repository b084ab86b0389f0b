import type { RegExpEngine } from 'ajv/dist/types';
import { RE2JS } from 're2js';
import type { FieldError } from '@app/kernel';

/**
 * Contract patterns run in RE2 (re2js, pure JavaScript), whose matching time
 * is linear in the input. JavaScript's own engine backtracks: a contract with
 * `"pattern": "^(a+)+$"` took seconds per field, doubling with every
 * character, and an approved contract runs on every document a billing system
 * posts. RE2 refuses what needs backtracking (backreferences, lookaround);
 * such a pattern is an error where the contract is saved or submitted, never
 * a slow match. JavaScript syntax (`\u0600`, `(?<name>…)`) is translated first.
 */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => {
    const compiled = RE2JS.compile(RE2JS.translateRegExp(pattern));
    // Ajv keeps one compiled pattern per `toString()`: it must tell patterns apart as a RegExp's does.
    return { test: (input: string) => compiled.test(input), toString: () => `/${pattern}/${flags}` };
  },
  { code: 'require("re2js").RE2JS' },
);

/** Why RE2 cannot take `pattern`, or null when it can. */
export function patternProblem(pattern: string): string | null {
  try {
    linearRegExp(pattern, 'u');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Every `pattern` and `patternProperties` key in a contract that RE2 cannot
 * take, each at its pointer under `base` (where the contract sits in the request).
 */
export function unsupportedPatterns(schema: unknown, base: string): FieldError[] {
  const errors: FieldError[] = [];
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) return node.forEach((item, index) => visit(item, `${pointer}/${index}`));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key === 'pattern' && typeof value === 'string') {
        const problem = patternProblem(value);
        if (problem) errors.push({ pointer: at, message: unsupportedMessage(value, problem) });
      }
      if (key === 'patternProperties' && value && typeof value === 'object' && !Array.isArray(value)) {
        for (const name of Object.keys(value)) {
          const problem = patternProblem(name);
          if (problem) errors.push({ pointer: at, message: unsupportedMessage(name, problem) });
        }
      }
      visit(value, at);
    }
  };
  visit(schema, base);
  return errors;
}

function unsupportedMessage(pattern: string, problem: string): string {
  return `pattern ${JSON.stringify(pattern)} cannot run in linear time (${problem}); backreferences and lookaround are not supported`;
}
