import type { TemplateContent } from '@app/contracts';
import { LINE_BUDGET_CONTEXT_KEY } from '@app/templating';
import { LintFinding, lintError, lintWarning } from './lint-finding';
import type { AnalyzedSource } from './source-rules';

/**
 * `lineBudget` exists only where the email composer puts it: in the email (HTML and
 * text part) of an invoice. Read anywhere else, every rendition would fail on it;
 * set on another kind, the setting would silently do nothing.
 */
export function lineBudgetRules(content: TemplateContent, sources: readonly AnalyzedSource[]): LintFinding[] {
  const findings: LintFinding[] = [];
  const invoice = content.kind === 'invoice';
  if (!invoice && content.channels.email?.lineBudget !== undefined) {
    findings.push(lintWarning('email-line-budget', '/channels/email/lineBudget', `only an invoice's email has a line budget; a ${content.kind} ignores it`));
  }
  for (const source of sources) {
    if (invoice && source.channel === 'email') continue;
    for (const placeholder of source.facts.placeholders) {
      if (placeholder.path.split(/[.[]/)[0] !== LINE_BUDGET_CONTEXT_KEY) continue;
      const where = invoice ? `the ${source.channel} channel` : `a ${content.kind}`;
      findings.push(
        lintError(
          'email-line-budget',
          source.pointer,
          `"${placeholder.path}" is only in the email of an invoice, not in ${where} (line ${placeholder.line}, column ${placeholder.column}); read invoice.lines`,
          { line: placeholder.line, column: placeholder.column },
        ),
      );
    }
  }
  return findings;
}
