import type { TemplateContent } from '@app/contracts';
import { assetRules } from './asset-rules';
import { blockRules } from './block-rules';
import { catalogRules } from './catalog-rules';
import { smsRules, whatsAppRules } from './channel-rules';
import { kindRules } from './kind-rules';
import { lineBudgetRules } from './line-budget-rules';
import { markupRules } from './markup-rules';
import { offerSlotRules } from './offer-slot-rules';
import type { LintFinding } from './lint-finding';
import { analyzeSources, placeholderRules } from './source-rules';

/**
 * The rules that read the content alone: no MJML compile, no data contract
 * compile, no rendering. Parsing the sources is most of the cost, and it is
 * the author's to make large: the linter runs this in the author sandbox.
 */
export function staticLintFindings(content: TemplateContent): LintFinding[] {
  const { sources, findings } = analyzeSources(content);
  findings.push(
    ...placeholderRules(content, sources),
    ...catalogRules(content, sources),
    ...kindRules(content, sources),
    ...lineBudgetRules(content, sources),
    ...blockRules(content, sources),
    ...assetRules(content, sources),
    ...markupRules(sources),
    ...smsRules(content),
    ...whatsAppRules(content),
    ...offerSlotRules(content, sources),
  );
  return findings;
}
