import { createHash } from 'node:crypto';
import type { Direction, OfferSlotBlocks } from '@app/contracts';
import { DomainError } from '@app/kernel';
import { EmailCompiler } from '@app/rendering';
import { escapeHtml } from '@app/templating';
import { BLOCK_PLACEHOLDERS, type OfferContent, type OfferLanguage, type OfferText } from '../offer-content';
import { OFFER_WORDING } from './offer-wording';

/** What one rendering of an offer is filled with. */
export interface OfferBlockInput {
  readonly content: OfferContent;
  readonly language: OfferLanguage;
  readonly dir: Direction;
  /** The A/B arm whose words apply (`control` when the offer has no split). */
  readonly arm: string;
  /** The tracked link of the call to action, per channel. */
  readonly ctaUrls: { readonly email: string; readonly pdf: string };
  readonly imageSrc: string | null;
  readonly unsubscribeUrl: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;
const BODY_OF_COMPILED = /<body[^>]*>\s*<div[^>]*>([\s\S]*)<\/div>\s*<\/body>/;
const BRAND_FONTS = "'Noto Sans', 'Noto Sans Arabic', 'Noto Sans CJK SC', 'Segoe UI', Tahoma, 'PingFang SC', 'Microsoft YaHei', Arial, sans-serif";

/**
 * Renders an offer's two blocks outside the merge: the email fragment is
 * wrapped in a section of the invoice's look (label, fragment, unsubscribe
 * notice), compiled by MJML once per fragment and direction, and cut out of
 * the compiled page to be merged into the invoice as markup; the PDF fragment
 * is wrapped in an `<aside>`. Placeholders are filled with escaped text only.
 */
export class OfferBlocks {
  constructor(private readonly compiler: EmailCompiler) {}

  async render(input: OfferBlockInput): Promise<OfferSlotBlocks> {
    const texts = wordsOf(input.content, input.language, input.arm);
    const wording = OFFER_WORDING[input.language];
    const values = (channel: 'email' | 'pdf'): Record<string, string> => ({
      title: texts.title,
      body: texts.body,
      ctaLabel: texts.ctaLabel,
      ctaUrl: input.ctaUrls[channel],
      imageSrc: input.imageSrc ?? '',
      label: wording.label,
      notice: wording.notice,
      unsubscribe: wording.unsubscribe,
      unsubscribeUrl: input.unsubscribeUrl,
    });
    const compiled = await this.emailSection(input.content.channels.email.mjml, input.dir, input.language);
    return {
      email: fill(compiled, values('email')),
      pdf: fill(pdfSection(input.content.channels.pdf.html, input.dir, input.language), values('pdf')),
    };
  }

  /** MJML's own complaints about a fragment, for refusing it at submit. */
  async mjmlProblems(fragment: string): Promise<string[]> {
    const problems = await this.compiler.validateMjml(emailDocument(fragment), { dir: 'ltr', lang: 'en' });
    return problems.map((problem) => `${problem.tagName}: ${problem.message}`);
  }

  private async emailSection(fragment: string, dir: Direction, language: string): Promise<string> {
    const key = `offer:${createHash('sha256').update(fragment).digest('hex')}:${dir}:${language}`;
    const html = await this.compiler.precompile(emailDocument(fragment), { dir, lang: language }, key);
    const body = BODY_OF_COMPILED.exec(html);
    if (!body) throw new DomainError('template_invalid', 'The offer email block did not compile to a body');
    return body[1].trim();
  }
}

/** Placeholders a fragment prints that the platform does not fill. */
export function unknownPlaceholders(fragment: string): string[] {
  return [...fragment.matchAll(PLACEHOLDER)].map((match) => match[1]).filter((name) => !(BLOCK_PLACEHOLDERS as readonly string[]).includes(name));
}

function emailDocument(fragment: string): string {
  return `<mjml><mj-head><mj-attributes><mj-all font-family="${BRAND_FONTS}" /><mj-text font-size="15px" line-height="1.55" color="#1f2933" padding="0 24px" /><mj-button font-size="16px" font-weight="700" border-radius="6px" inner-padding="12px 20px" padding="8px 24px" width="100%" /><mj-image padding="8px 24px" /></mj-attributes></mj-head>
<mj-body width="600px"><mj-section direction="[[dir]]" background-color="#ffffff" padding="8px 0 16px" border-top="8px solid #f1f4f7"><mj-column direction="[[dir]]">
<mj-text align="[[align]]" font-size="12px" font-weight="700" color="#0f766e" padding-top="16px" padding-bottom="4px">{{label}}</mj-text>
${fragment}
<mj-text align="[[align]]" font-size="12px" color="#52606d" padding-top="8px">{{notice}} <a href="{{unsubscribeUrl}}" style="color:#52606d">{{unsubscribe}}</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;
}

function pdfSection(fragment: string, dir: Direction, language: string): string {
  return `<aside class="offer" dir="${dir}" lang="${language}" style="break-inside:avoid;page-break-inside:avoid;margin-top:10pt;padding:6pt 10pt;border:1pt solid #0f766e;border-radius:6pt;font-size:9.5pt">
<div style="font-size:8pt;font-weight:700;color:#0f766e;margin-bottom:2pt">{{label}}</div>
${fragment}
<div style="font-size:7.5pt;color:#52606d;margin-top:3pt">{{notice}} <a href="{{unsubscribeUrl}}" style="color:#52606d">{{unsubscribe}}</a></div>
</aside>`;
}

/** A brand asset inlined by the platform: written as it is, so the email's MIME builder can move it into a `cid:` part. */
const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+=*$/;

function fill(markup: string, values: Record<string, string>): string {
  return markup.replace(PLACEHOLDER, (whole, name: string) => {
    if (!Object.hasOwn(values, name)) return whole;
    const value = values[name];
    return name === 'imageSrc' && DATA_IMAGE.test(value) ? value : escapeHtml(value);
  });
}

/** The arm's words where it has its own, the offer's otherwise. */
function wordsOf(content: OfferContent, language: OfferLanguage, arm: string): OfferText {
  const base = content.texts[language];
  const own = content.abSplit?.arms.find((candidate) => candidate.name === arm)?.texts?.[language];
  return { ...base, ...own };
}
