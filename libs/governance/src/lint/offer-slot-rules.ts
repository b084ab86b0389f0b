import { offerSlotContextName, type TemplateContent } from '@app/contracts';
import { LintFinding, lintError, lintWarning } from './lint-finding';
import type { TemplateSource } from './template-sources';

/** `offers.afterTotals.email`, `@root.offers.afterTotals.pdf`, `offers.afterTotals`. */
const OFFER_REFERENCE = /\boffers\.([A-Za-z0-9_]+)(?:\.([A-Za-z0-9_]+))?/g;

/**
 * Offers stay where compliance allows them: only in a slot the template
 * declares (`offerSlots`), only in the email body and the PDF, each channel
 * reading its own block. SMS and a WhatsApp utility (or authentication)
 * message never carry one: a template that tries is refused at submit. The
 * composer enforces the same at render time whatever the template says.
 */
export function offerSlotRules(content: TemplateContent, sources: readonly TemplateSource[]): LintFinding[] {
  const findings: LintFinding[] = [];
  const declared = new Map((content.offerSlots ?? []).map((slot) => [offerSlotContextName(slot), slot]));
  const placed = new Set<string>();
  const whatsappCategory = content.channels.whatsapp?.category;
  for (const source of sources) {
    for (const match of source.source.matchAll(OFFER_REFERENCE)) {
      const [reference, slot, channel] = match;
      if (source.channel === 'sms') {
        findings.push(lintError('offer-channel', source.pointer, `SMS never carries an offer, but the text reads {{${reference}}}`));
        continue;
      }
      if (source.channel === 'whatsapp') {
        if (whatsappCategory === 'marketing') {
          findings.push(lintWarning('offer-channel', source.pointer, `offers never render in WhatsApp messages: {{${reference}}} will always be empty`));
        } else {
          findings.push(lintError('offer-channel', source.pointer, `a WhatsApp ${whatsappCategory} message never carries an offer, but it reads {{${reference}}}`));
        }
        continue;
      }
      if (!source.body || source.escape !== 'html') {
        findings.push(lintError('offer-channel', source.pointer, `only the email HTML and the PDF carry an offer, not this part ({{${reference}}})`));
        continue;
      }
      if (!declared.has(slot)) {
        const known = [...declared.keys()].join(', ') || 'none';
        findings.push(lintError('offer-slot-undeclared', source.pointer, `{{${reference}}} names no slot of offerSlots (declared: ${known})`));
        continue;
      }
      if (channel !== source.channel) {
        findings.push(lintError('offer-slot-channel', source.pointer, `the ${source.channel} part must print {{offers.${slot}.${source.channel}}}, not {{${reference}}}`));
        continue;
      }
      placed.add(`${source.channel}:${slot}`);
    }
  }
  for (const [name, slot] of declared) {
    for (const channel of ['email', 'pdf'] as const) {
      if (content.channels[channel] && !placed.has(`${channel}:${name}`)) {
        findings.push(lintWarning('offer-slot-unplaced', '/offerSlots', `slot "${slot}" is declared but the ${channel} never prints {{offers.${name}.${channel}}}`));
      }
    }
  }
  return findings;
}
