import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActionLinkFormat } from '@app/actions';
import { MessageComposer } from '@app/composer';
import { DomainError, withoutBidiControls } from '@app/kernel';
import { offerSlotContextName } from '@app/contracts';
import { TemplateRepository } from '@app/template-store';
import { resolveLocale } from '@app/templating';
import { OfferVersionsRepository } from '../catalog/offer-versions.repository';
import { eligibilityContext } from '../eligibility/eligibility-context';
import { type EligibilityExplanation, explainEligibility } from '../eligibility/explain-eligibility';
import { slotsOf } from '../offer-content';
import { armFor } from '../selection/ab-arm';
import { SampleOffersService } from './sample-offers';

const PREVIEW_DOCUMENT_ID = '00000000-0000-4000-8000-000000000000';

export interface OfferPreview {
  readonly offer: { readonly key: string; readonly version: number; readonly status: string; readonly contentHash: string };
  readonly template: { readonly key: string; readonly version: number };
  readonly sample: string;
  readonly locale: { readonly tag: string; readonly language: string; readonly dir: string };
  readonly arm: string;
  readonly slot: string | null;
  /** The rule over the sample, in words (shown whatever it says: the reviewer sees the offer either way). */
  readonly eligibility: EligibilityExplanation;
  readonly email: { readonly subject: string; readonly html: string };
  readonly pdf: { readonly pdfBase64: string; readonly pages: number };
}

/**
 * What a reviewer looks at before approving: the version — draft included —
 * rendered inside a real message of its template kind (the published
 * template's email and PDF) for one of that template's samples, whatever the
 * sample's consent and eligibility, with the rule explained for the sample.
 */
@Injectable()
export class PreviewOfferVersionUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly offers: OfferVersionsRepository,
    private readonly templates: TemplateRepository,
    private readonly composer: MessageComposer,
    private readonly links: ActionLinkFormat,
    private readonly samples: SampleOffersService,
  ) {}

  async execute(ref: { key: string; number: number }, options: { sample?: string; arm?: string } = {}): Promise<OfferPreview> {
    const offer = await this.offers.find(this.db.manager, ref.key);
    const version = await this.offers.version(this.db.manager, offer, ref.number);
    const content = version.content;
    const template = await this.templates.published(content.kind);
    const samples = template.content.samples ?? {};
    const name = options.sample ?? Object.keys(samples)[0];
    const sample = name === undefined ? undefined : samples[name];
    if (!sample) throw new DomainError('validation_failed', `Template "${template.key}" has no sample "${name ?? ''}"`, [{ pointer: '/query/sample', message: `must be one of ${Object.keys(samples).join(', ') || 'none'}` }]);
    const arms = content.abSplit?.arms.map((a) => a.name) ?? [];
    if (options.arm !== undefined && !arms.includes(options.arm)) {
      throw new DomainError('validation_failed', 'No such arm', [{ pointer: '/query/arm', message: `must be one of ${arms.join(', ') || '(the offer has no A/B split)'}` }]);
    }
    const arm = options.arm ?? armFor(content, sample.recipient.customerId, offer.key);
    const locale = resolveLocale(sample.locale, template.content);
    const actions = this.links.sample(PREVIEW_DOCUMENT_ID);
    const slot = slotsOf(content).find((s) => template.content.offerSlots?.includes(s)) ?? null;
    const forSample = { content: template.content, type: template.key, localeTag: sample.locale, language: locale.language, dir: locale.dir, recipient: sample.recipient, data: sample.data };
    const blocks = await this.samples.render(forSample, offer.key, version.number, content, arm);
    const context = await this.composer.context({
      content: template.content,
      localeTag: sample.locale,
      document: { id: PREVIEW_DOCUMENT_ID, type: template.key },
      recipient: withoutBidiControls(sample.recipient),
      data: withoutBidiControls(sample.data),
      actions,
      offers: slot ? { [offerSlotContextName(slot)]: blocks } : undefined,
    });
    const [email, pdf] = await Promise.all([this.composer.compose(template, context, 'email'), this.composer.compose(template, context, 'pdf')]);
    return {
      offer: { key: offer.key, version: version.number, status: version.status, contentHash: version.contentHash },
      template: { key: template.key, version: template.number },
      sample: name!,
      locale,
      arm,
      slot,
      eligibility: explainEligibility(content.eligibility, eligibilityContext({ recipient: sample.recipient, data: sample.data, locale: sample.locale, type: template.key }, new Date())),
      email: { subject: String(email.metadata.subject ?? ''), html: email.body.toString('utf8') },
      pdf: { pdfBase64: pdf.body.toString('base64'), pages: Number(pdf.metadata.pages ?? 0) },
    };
  }
}
