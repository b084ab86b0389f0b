import { DomainError } from '@app/kernel';
import type { TemplateContent } from '@app/templating';
import { requiredPaths, undeclaredSegment } from './contract-paths';
import { LintFinding, lintError, lintWarning } from './lint-finding';
import { analyzeSource, SourceFacts } from './template-ast';
import { TemplateSource, templateSources } from './template-sources';

export interface AnalyzedSource extends TemplateSource {
  readonly facts: SourceFacts;
}

/** Parses every source; one that the merge engine would refuse is an error at its line. */
export function analyzeSources(content: TemplateContent): { sources: AnalyzedSource[]; findings: LintFinding[] } {
  const sources: AnalyzedSource[] = [];
  const findings: LintFinding[] = [];
  for (const source of templateSources(content)) {
    try {
      sources.push({ ...source, facts: analyzeSource(source.source, source.escape) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      findings.push(lintError('template-syntax', source.pointer, error.message, positionIn(error.message)));
    }
  }
  return { sources, findings };
}

/**
 * Every placeholder a template reads exists in the data contract (so no
 * document that passed validation can fail the merge on an unknown field), and
 * every required field of the contract is shown somewhere.
 */
export function placeholderRules(content: TemplateContent, sources: readonly AnalyzedSource[]): LintFinding[] {
  const findings: LintFinding[] = [];
  const used: string[] = [];
  for (const source of sources) {
    for (const placeholder of source.facts.placeholders) {
      used.push(placeholder.path);
      const missing = undeclaredSegment(content.dataContract, placeholder.path);
      if (missing) {
        findings.push(
          lintError(
            'placeholder-in-contract',
            source.pointer,
            `"${placeholder.path}" is not in the data contract ("${missing}" is not declared) at line ${placeholder.line}, column ${placeholder.column}`,
            { line: placeholder.line, column: placeholder.column },
          ),
        );
      }
    }
  }
  for (const required of requiredPaths(content.dataContract)) {
    const shown = used.some((path) => path === required || path.startsWith(`${required}.`) || path.startsWith(`${required}[`));
    if (!shown) {
      findings.push(lintWarning('contract-field-used', '/dataContract', `required field "${required}" is not shown in any channel`));
    }
  }
  return findings;
}

/** `at line 3, column 7` in an engine message → a position for the finding. */
export function positionIn(message: string): Partial<LintFinding> {
  const match = /line (\d+)(?:, column (\d+))?/.exec(message);
  if (!match) return {};
  return { line: Number(match[1]), ...(match[2] ? { column: Number(match[2]) } : {}) };
}
