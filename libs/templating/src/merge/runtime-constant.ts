import type { Scope } from './merge-scope';

type Evaluate = (scope: Scope) => unknown;

/**
 * A helper call whose arguments are all written in the template, so its result
 * depends only on what every document of one language shares: `{{t "label"}}`
 * on the catalog and locale, `{{asset "logo"}}` on the version's assets. It is
 * computed on first use per runtime identity (in its slot of the identity's
 * table, see `MergeState.slots`); nothing is computed before a merge asks, so an error still surfaces in the merge that hits it (and is
 * never remembered).
 */
export class RuntimeConstant {
  private constructor(
    private readonly evaluate: Evaluate,
    private readonly slot: number,
  ) {}

  /** Only helpers whose result is fixed by their literal arguments and the merge's catalog or assets qualify. */
  static forHelper(name: string, evaluate: Evaluate, slot: () => number): RuntimeConstant | undefined {
    return name === 't' || name === 'asset' ? new RuntimeConstant(evaluate, slot()) : undefined;
  }

  value(scope: Scope): unknown {
    const slots = scope.state.slots;
    let value = slots[this.slot];
    if (value === undefined) {
      value = this.evaluate(scope);
      slots[this.slot] = value;
    }
    return value;
  }
}
