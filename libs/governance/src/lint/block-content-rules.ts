import { DomainError } from '@app/kernel';
import { type BlockContent, type BlockFormat } from '@app/contracts';
import { blockUses, MessageCatalog, RESERVED_CONTEXT_KEYS } from '@app/templating';
import { LintFinding, lintError, lintWarning, pointerSegment } from './lint-finding';
import { markupRules } from './markup-rules';
import { positionIn } from './source-rules';
import { analyzeSource } from './template-ast';

const RESERVED: ReadonlySet<string> = new Set(RESERVED_CONTEXT_KEYS);

/**
 * Lint of a locked block version, run when it is submitted. A block is checked
 * again inside every template that includes it (against that template's data
 * contract, locales and channels), so here only what holds for the block alone:
 * its sources parse and include no other block, its catalogs agree and parse.
 * What the including template must supply is a warning for the reviewer.
 */
export function blockContentRules(content: BlockContent): LintFinding[] {
  const findings: LintFinding[] = [];
  const catalogs = Object.keys(content.messages).map((language) => new MessageCatalog(language, content.messages[language]));
  const allKeys = [...new Set(catalogs.flatMap((catalog) => catalog.keys()))].sort();
  for (const catalog of catalogs) {
    const at = `/messages/${pointerSegment(catalog.language)}`;
    for (const key of allKeys.filter((candidate) => !catalog.has(candidate))) {
      findings.push(lintError('locale-catalog', at, `locale "${catalog.language}" lacks message "${key}" (present in another locale of the block)`));
    }
    for (const { key, message } of catalog.syntaxErrors()) {
      findings.push(lintError('message-syntax', `${at}/${pointerSegment(key)}`, `message "${key}" is not valid ICU MessageFormat: ${message}`));
    }
  }
  const sources = Object.entries(content.sources) as Array<[BlockFormat, string]>;
  findings.push(...markupRules(sources.map(([format, source]) => ({ pointer: `/sources/${format}`, source, escape: format === 'text' ? 'none' : 'html' }))));
  for (const [format, source] of sources) {
    const pointer = `/sources/${format}`;
    try {
      const nested = blockUses(source);
      if (nested.length) {
        const [use] = nested;
        findings.push(lintError('block-nesting', pointer, `{{> ${use.name}}} at line ${use.line}: locked blocks do not include other blocks`, { line: use.line, column: use.column }));
        continue;
      }
      const facts = analyzeSource(source, format === 'text' ? 'none' : 'html');
      for (const use of facts.messages) {
        if (!allKeys.includes(use.key)) {
          findings.push(
            lintWarning('block-message', pointer, `message "${use.key}" is not the block's own: each template that includes it must get it from its catalog or another block`, {
              line: use.line,
              column: use.column,
            }),
          );
        }
      }
      for (const placeholder of facts.placeholders) {
        if (!RESERVED.has(placeholder.path.split(/[.[]/)[0])) {
          findings.push(
            lintWarning('block-data', pointer, `"${placeholder.path}" is document data: templates whose data contract lacks it cannot include the block`, {
              line: placeholder.line,
              column: placeholder.column,
            }),
          );
        }
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      findings.push(lintError('template-syntax', pointer, error.message, positionIn(error.message)));
    }
  }
  return findings;
}
