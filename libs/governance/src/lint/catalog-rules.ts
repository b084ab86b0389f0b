import { TemplateContent } from '@app/contracts';
import { MessageCatalog } from '@app/templating';
import { LintFinding, lintError, pointerSegment } from './lint-finding';
import type { AnalyzedSource } from './source-rules';

/**
 * Every locale has a catalog with every key of the default locale, every
 * message parses as ICU MessageFormat, and every `{{t "key"}}` a template (or a
 * locked block it includes) prints exists in every locale, in the template's
 * catalog or in the messages of the blocks it carries.
 */
export function catalogRules(content: TemplateContent, sources: readonly AnalyzedSource[]): LintFinding[] {
  const findings: LintFinding[] = [];
  if (!content.locales.includes(content.defaultLocale)) {
    findings.push(lintError('locale-catalog', '/defaultLocale', `default locale "${content.defaultLocale}" is not among the locales`));
  }
  const own = (locale: string) => new MessageCatalog(locale, content.messages[locale] ?? {});
  const reference = own(content.defaultLocale);
  for (const locale of content.locales) {
    const at = `/messages/${pointerSegment(locale)}`;
    if (!content.messages[locale]) {
      findings.push(lintError('locale-catalog', at, `locale "${locale}" has no message catalog`));
      continue;
    }
    for (const key of reference.missingKeys(own(locale))) {
      findings.push(lintError('locale-catalog', at, `locale "${locale}" lacks message "${key}" (present in "${content.defaultLocale}")`));
    }
    const catalog = MessageCatalog.fromContent(content, locale);
    for (const { key, message } of own(locale).syntaxErrors()) {
      findings.push(lintError('message-syntax', `${at}/${pointerSegment(key)}`, `message "${key}" is not valid ICU MessageFormat: ${message}`));
    }
    for (const source of sources) {
      for (const use of source.facts.messages) {
        if (!catalog.has(use.key)) {
          findings.push(
            lintError('message-exists', source.pointer, `message "${use.key}" is not in the "${locale}" catalog (line ${use.line}, column ${use.column})`, {
              line: use.line,
              column: use.column,
            }),
          );
        }
      }
    }
  }
  return findings;
}
