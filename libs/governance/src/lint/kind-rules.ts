import type { Channel, TemplateContent } from '@app/contracts';
import { LintFinding, lintError, pointerSegment } from './lint-finding';
import type { AnalyzedSource } from './source-rules';

/** Something a kind must show: any of these data paths, or any of these catalog messages. */
interface Requirement {
  readonly label: string;
  readonly paths?: readonly string[];
  readonly messages?: readonly string[];
  /** Channels it applies to; all channels with a body when absent. */
  readonly channels?: readonly Channel[];
}

/**
 * Per-kind content every channel with a body must show. An invoice always
 * shows its number, total and due date. The legal footer is a locked block
 * (see `block-rules.ts`); WhatsApp carries its legal line in the template
 * footer, SMS names the sender instead (see the channel rules).
 */
const KIND_REQUIREMENTS: Readonly<Record<string, readonly Requirement[]>> = {
  invoice: [
    { label: 'the invoice number', paths: ['invoice.number'] },
    { label: 'the total', paths: ['invoice.total', 'invoice.amountDue'] },
    { label: 'the due date', paths: ['invoice.dueDate'] },
  ],
};

export function kindRules(content: TemplateContent, sources: readonly AnalyzedSource[]): LintFinding[] {
  const requirements = KIND_REQUIREMENTS[content.kind] ?? [];
  const findings: LintFinding[] = [];
  // Each body part is checked on its own: an email's HTML and its text part are both read by someone.
  const bodies = groupBodies(sources);
  for (const [pointer, group] of bodies) {
    const channel = group[0].channel;
    for (const requirement of requirements) {
      if (requirement.channels && !requirement.channels.includes(channel)) continue;
      // What an included locked block shows, the part shows.
      const facts = group.flatMap((source) => [source.facts, ...source.included]);
      const paths = facts.flatMap((fact) => fact.placeholders.map((p) => p.path));
      const messages = facts.flatMap((fact) => fact.messages.map((m) => m.key));
      const shown =
        (requirement.paths ?? []).some((path) => paths.includes(path)) ||
        (requirement.messages ?? []).some((key) => messages.includes(key));
      if (!shown) {
        const how = requirement.messages
          ? `{{t "${requirement.messages[0]}"}}`
          : requirement.paths!.map((path) => `{{${path}}}`).join(' or ');
        findings.push(lintError(`${content.kind}-content`, pointer, `${content.kind} must show ${requirement.label} (${how}) in the ${channel} channel`));
      }
    }
  }
  if (content.kind === 'invoice' && content.channels.whatsapp) {
    for (const [locale, texts] of Object.entries(content.channels.whatsapp.locales)) {
      if (!texts.footer?.trim()) {
        findings.push(
          lintError('invoice-content', `/channels/whatsapp/locales/${pointerSegment(locale)}/footer`, 'invoice must show the legal footer: the WhatsApp footer is missing'),
        );
      }
    }
  }
  return findings;
}

/** WhatsApp parameters together make one body; other channels' body parts stand alone. */
function groupBodies(sources: readonly AnalyzedSource[]): Map<string, AnalyzedSource[]> {
  const groups = new Map<string, AnalyzedSource[]>();
  for (const source of sources) {
    if (!source.body) continue;
    const key = source.channel === 'whatsapp' ? '/channels/whatsapp/parameters' : source.pointer;
    groups.set(key, [...(groups.get(key) ?? []), source]);
  }
  return groups;
}
