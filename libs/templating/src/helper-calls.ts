/** Where a template calls a helper, and the literal it names first (`{{t "invoice.total"}}`, `{{asset "logo"}}`). */
export interface HelperCallSite {
  readonly kind: 'MustacheStatement' | 'SubExpression' | 'BlockStatement';
  /** The first argument when it is a string literal. */
  readonly literal?: string;
  readonly arguments: number;
  /** 1-based, as editors count. */
  readonly line: number;
  readonly column: number;
}

type CallNode = {
  type?: string;
  path?: { type?: string; original?: unknown };
  params?: Array<{ type: string; value?: unknown }>;
  loc?: { start: { line: number; column: number } };
};

const CALL_KINDS: ReadonlySet<string> = new Set(['MustacheStatement', 'SubExpression', 'BlockStatement']);

/** Every call of `helper` in a parsed source, subexpressions and block bodies included, in source order. */
export function helperCallsIn(program: hbs.AST.Program, helper: string): HelperCallSite[] {
  const calls: HelperCallSite[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const candidate = node as CallNode;
    if (candidate.type && CALL_KINDS.has(candidate.type) && candidate.path?.type === 'PathExpression' && candidate.path.original === helper && candidate.loc) {
      const first = candidate.params?.[0];
      calls.push({
        kind: candidate.type as HelperCallSite['kind'],
        literal: first?.type === 'StringLiteral' ? String(first.value) : undefined,
        arguments: candidate.params?.length ?? 0,
        line: candidate.loc.start.line,
        column: candidate.loc.start.column + 1,
      });
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc') continue;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(program);
  return calls;
}
