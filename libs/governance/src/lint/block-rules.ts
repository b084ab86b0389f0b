import type { TemplateContent } from '@app/contracts';
import { LintFinding, lintError, pointerSegment } from './lint-finding';
import type { AnalyzedSource } from './source-rules';

/** A locked block a kind must include in the given template parts (JSON pointers). */
interface BlockRequirement {
  readonly block: string;
  readonly label: string;
  readonly parts: readonly string[];
}

const PART_LABELS: Readonly<Record<string, string>> = {
  '/channels/email/mjml': 'the email HTML (/channels/email/mjml)',
  '/channels/email/text': 'the email text part (/channels/email/text)',
  '/channels/pdf/html': 'the PDF (/channels/pdf/html)',
};

const SENDER_IDENTITY: BlockRequirement = {
  block: 'sender-identity',
  label: 'the sender identity',
  parts: ['/channels/email/mjml', '/channels/pdf/html'],
};
const LEGAL_FOOTER: BlockRequirement = {
  block: 'legal-footer',
  label: 'the legal footer',
  parts: ['/channels/email/mjml', '/channels/email/text', '/channels/pdf/html'],
};

/**
 * The locked blocks each kind must include, per template part. Every kind
 * (custom ones too) says who sends it in its email and PDF; the transactional
 * kinds carry the legal footer in both email parts and the PDF. SMS and
 * WhatsApp have no room for blocks: SMS names its sender, an invoice's WhatsApp
 * template carries its legal line in the footer (see the channel and kind rules).
 */
const REQUIRED_BLOCKS: Readonly<Record<string, readonly BlockRequirement[]>> = {
  invoice: [SENDER_IDENTITY, LEGAL_FOOTER],
  'payment-confirmation': [SENDER_IDENTITY, LEGAL_FOOTER],
  'service-update': [SENDER_IDENTITY, LEGAL_FOOTER],
};
const EVERY_KIND: readonly BlockRequirement[] = [SENDER_IDENTITY];

export function requiredBlocksOf(kind: string): readonly BlockRequirement[] {
  return REQUIRED_BLOCKS[kind] ?? EVERY_KIND;
}

/**
 * Authors cannot drop or override a locked block: each required block is
 * included in each part the kind requires it in (an error at that part), no
 * catalog message of the template redefines one of a block it carries, and
 * every block speaks every locale of the template.
 */
export function blockRules(content: TemplateContent, sources: readonly AnalyzedSource[]): LintFinding[] {
  const findings: LintFinding[] = [];
  const byPointer = new Map(sources.map((source) => [source.pointer, source]));
  for (const requirement of requiredBlocksOf(content.kind)) {
    for (const part of requirement.parts) {
      const source = byPointer.get(part);
      // A part the version lacks needs nothing; one that does not parse is reported already.
      if (!source || !partExists(content, part)) continue;
      if (!source.facts.blocks.some((use) => use.name === requirement.block)) {
        findings.push(
          lintError(
            'required-block',
            part,
            `${content.kind} must include ${requirement.label}, locked block "${requirement.block}" ({{> ${requirement.block}}}), in ${PART_LABELS[part] ?? part}`,
          ),
        );
      }
    }
  }
  for (const [name, block] of Object.entries(content.blocks ?? {})) {
    for (const locale of content.locales) {
      const own = content.messages[locale] ?? {};
      const blockMessages = block.messages[locale];
      if (Object.keys(block.messages).length > 0 && !blockMessages) {
        findings.push(lintError('block-locale', `/blocks/${pointerSegment(name)}/messages`, `locked block "${name}" has no messages for locale "${locale}"; a reviewer must add them to the block`));
        continue;
      }
      for (const key of Object.keys(blockMessages ?? {})) {
        if (Object.hasOwn(own, key)) {
          findings.push(
            lintError(
              'block-override',
              `/messages/${pointerSegment(locale)}/${pointerSegment(key)}`,
              `message "${key}" belongs to locked block "${name}"; remove it from the template's catalog (the block's wording is used)`,
            ),
          );
        }
      }
    }
  }
  return findings;
}

function partExists(content: TemplateContent, pointer: string): boolean {
  const [, , channel] = pointer.split('/');
  return content.channels[channel as keyof TemplateContent['channels']] !== undefined;
}
