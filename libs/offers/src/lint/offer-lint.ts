import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AssetStore } from '@app/assets';
import type { CapturedAsset } from '@app/contracts';
import { DomainError, type FieldError } from '@app/kernel';
import { TemplateRepository } from '@app/template-store';
import { OfferBlocks, unknownPlaceholders } from '../blocks/offer-blocks';
import { contractDeclares } from '../eligibility/contract-declares';
import { operatorErrors, pathProblem, varUses } from '../eligibility/eligibility-rule';
import { type OfferContent, offerStructureErrors } from '../offer-content';

/** Markup an offer block never needs, and that would run or load something in a mail client or the PDF engine. */
const FORBIDDEN_MARKUP: ReadonlyArray<readonly [RegExp, string]> = [
  [/<\s*(script|iframe|object|embed|form|meta|link|base)\b/i, 'must not contain <$1>'],
  [/\son[a-z]+\s*=/i, 'must not contain event handler attributes (on…=)'],
  [/javascript:/i, 'must not contain javascript: URLs'],
  [/<mj-include\b/i, 'must not contain mj-include'],
  [/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i, 'must not load anything from elsewhere: the image is a brand asset ({{imageSrc}}), the link is {{ctaUrl}}'],
];

export interface OfferLintResult {
  /** The content to submit: the image's upload pinned by its hash. */
  readonly content: OfferContent;
}

/**
 * What an offer version must pass to be submitted. Every `var` of the
 * eligibility rule must exist in the data contract of the template kind it
 * targets (the published template of that key in the template store) or in
 * the recipient/document/derived vocabulary; the blocks print only the
 * platform's placeholders and load nothing; the email fragment is valid MJML;
 * the image is an uploaded brand asset, pinned by hash from here on.
 */
@Injectable()
export class OfferLint {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly assets: AssetStore,
    private readonly blocks: OfferBlocks,
  ) {}

  async check(content: OfferContent, manager: EntityManager): Promise<OfferLintResult> {
    const errors: FieldError[] = [...offerStructureErrors(content)];
    if (errors.length) throw refused(errors);

    const contract = await this.templates.published(content.kind).then(
      (version) => version.content.dataContract,
      () => null,
    );
    if (!contract) errors.push({ pointer: '/kind', message: `no published template "${content.kind}" whose data contract the eligibility rule could read` });
    const operators = operatorErrors(content.eligibility);
    errors.push(...operators);
    if (!operators.length && contract) {
      for (const use of varUses(content.eligibility)) {
        const problem = pathProblem(use.path, (segments) => contractDeclares(contract, segments));
        if (problem) errors.push({ pointer: `/eligibility${use.pointer}`, message: problem });
      }
    }

    for (const [channel, pointer, source] of [
      ['email', '/channels/email/mjml', content.channels.email.mjml],
      ['pdf', '/channels/pdf/html', content.channels.pdf.html],
    ] as const) {
      for (const name of unknownPlaceholders(source)) errors.push({ pointer, message: `{{${name}}} is not a placeholder the platform fills (title, body, ctaLabel, ctaUrl, imageSrc)` });
      for (const [pattern, message] of FORBIDDEN_MARKUP) {
        const match = pattern.exec(source);
        if (match) errors.push({ pointer, message: message.replace('$1', match[1] ?? '') });
      }
      if (channel === 'email') for (const problem of await this.blocks.mjmlProblems(source)) errors.push({ pointer, message: problem });
    }

    let imageAsset: CapturedAsset | undefined;
    if (content.image) {
      const latest = (await this.assets.latest([content.image], manager))[content.image];
      if (!latest) errors.push({ pointer: '/image', message: `no brand asset "${content.image}" has been uploaded` });
      else if (!latest.contentType.startsWith('image/')) errors.push({ pointer: '/image', message: `"${content.image}" is ${latest.contentType}, not an image` });
      else imageAsset = { sha256: latest.sha256, contentType: latest.contentType, size: latest.size };
    }
    if (errors.length) throw refused(errors);
    return { content: { ...content, ...(imageAsset ? { imageAsset } : {}) } };
  }
}

function refused(errors: readonly FieldError[]): DomainError {
  return new DomainError('compliance_failed', `The offer version fails ${errors.length} ${errors.length === 1 ? 'rule' : 'rules'}: ${errors[0].message}`, errors);
}
