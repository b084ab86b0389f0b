import { DomainError, LruCache } from '@app/kernel';
import type { TemplateContent } from '@app/contracts';
import { requiredPaths, undeclaredSegment } from './contract-paths';
import { LintFinding, lintError, lintWarning, pointerSegment } from './lint-finding';
import { analyzeSource, SourceFacts } from './template-ast';
import { TemplateSource, templateSources } from './template-sources';

export interface AnalyzedSource extends TemplateSource {
  readonly facts: SourceFacts;
  /** What the locked blocks it includes read and print: part of what this source shows. */
  readonly included: readonly SourceFacts[];
}

/**
 * Parses every source, and the source of each locked block in the format a
 * template part includes it (`/blocks/<name>/sources/<format>`), so what a block
 * reads is checked against this template's data contract and catalogs. A source
 * the merge engine would refuse is an error at its line.
 */
/**
 * Parsing is most of what static lint costs, and a live preview lints after
 * every keystroke while most sources stay the same: facts are kept per source.
 */
const ANALYSIS_CACHE_SIZE = 512;
const analyses = new LruCache<string, SourceFacts>(ANALYSIS_CACHE_SIZE);

function analyzeCached(source: string, escape: 'html' | 'none', blocks: ReadonlySet<string>): SourceFacts {
  const key = JSON.stringify([escape, [...blocks].sort(), source]);
  let facts = analyses.get(key);
  if (!facts) {
    facts = analyzeSource(source, escape, blocks);
    analyses.set(key, facts);
  }
  return facts;
}

export function analyzeSources(content: TemplateContent): { sources: AnalyzedSource[]; findings: LintFinding[] } {
  const analyzed: Array<TemplateSource & { facts: SourceFacts }> = [];
  const findings: LintFinding[] = [];
  const available = new Set(Object.keys(content.blocks ?? {}));
  const analyze = (source: TemplateSource): SourceFacts | undefined => {
    try {
      return analyzeCached(source.source, source.escape, available);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      findings.push(lintError('template-syntax', source.pointer, error.message, positionIn(error.message)));
      return undefined;
    }
  };
  for (const source of templateSources(content)) {
    const facts = analyze(source);
    if (facts) analyzed.push({ ...source, facts });
  }
  const blocks = new Map<string, TemplateSource & { facts: SourceFacts }>();
  for (const source of analyzed) {
    for (const use of source.facts.blocks) {
      const pointer = `/blocks/${pointerSegment(use.name)}/sources/${source.format}`;
      if (blocks.has(pointer)) continue;
      const block = content.blocks![use.name].sources[source.format];
      if (block === undefined) {
        findings.push(
          lintError('block-format', source.pointer, `locked block "${use.name}" has no ${source.format} source to include here (line ${use.line}, column ${use.column})`, {
            line: use.line,
            column: use.column,
          }),
        );
        continue;
      }
      const blockSource: TemplateSource = { ...source, pointer, source: block, body: false };
      const facts = analyze(blockSource);
      if (facts) blocks.set(pointer, { ...blockSource, facts });
    }
  }
  const sources: AnalyzedSource[] = analyzed.map((source) => ({
    ...source,
    included: source.facts.blocks.flatMap((use) => blocks.get(`/blocks/${pointerSegment(use.name)}/sources/${source.format}`)?.facts ?? []),
  }));
  for (const block of blocks.values()) sources.push({ ...block, included: [] });
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
