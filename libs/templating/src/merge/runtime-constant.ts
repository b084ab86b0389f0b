import type { Scope } from './merge-scope';

type Evaluate = (scope: Scope) => unknown;

/**
 * A helper call whose arguments are all written in the template, so its result
 * depends only on what every document of one language shares: `{{t "label"}}`
 * on the catalog and locale, `{{asset "logo"}}` on the version's assets. It is
 * computed on first use per runtime identity; nothing is computed before a
 * merge asks, so an error still surfaces in the merge that hits it (and is
 * never remembered).
 */
export class RuntimeConstant {
  private readonly values = new WeakMap<object, { readonly value: unknown }>();

  private constructor(private readonly evaluate: Evaluate) {}

  /** Only helpers whose result is fixed by their literal arguments and the merge's catalog or assets qualify. */
  static forHelper(name: string, evaluate: Evaluate): RuntimeConstant | undefined {
    return name === 't' || name === 'asset' ? new RuntimeConstant(evaluate) : undefined;
  }

  value(scope: Scope): unknown {
    const identity = scope.state.identity;
    let entry = this.values.get(identity);
    if (!entry) {
      entry = { value: this.evaluate(scope) };
      this.values.set(identity, entry);
    }
    return entry.value;
  }
}
