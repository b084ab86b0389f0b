/** One compliance lint result. Errors block submit; warnings are shown to the reviewer. */
export interface LintFinding {
  readonly severity: 'error' | 'warning';
  /** Stable rule id, e.g. `invoice-legal-footer`, `placeholder-in-contract`. */
  readonly rule: string;
  /** JSON pointer into the version content (the body of `POST .../versions`). */
  readonly pointer: string;
  readonly message: string;
  /** Position in the source at `pointer`, when the finding is about a place in it (1-based). */
  readonly line?: number;
  readonly column?: number;
  /** The sample data set a rendering finding came from. */
  readonly sample?: string;
}

export function lintError(rule: string, pointer: string, message: string, at: Partial<LintFinding> = {}): LintFinding {
  return { severity: 'error', rule, pointer, message, ...at };
}

export function lintWarning(rule: string, pointer: string, message: string, at: Partial<LintFinding> = {}): LintFinding {
  return { severity: 'warning', rule, pointer, message, ...at };
}

export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}
