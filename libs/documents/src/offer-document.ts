import type { TemplateContent } from '@app/contracts';
import type { DocumentForOffer } from '@app/offers';
import type { MergeContext } from '@app/templating';
import type { DocumentEntity } from './document.entity';

/** A document as offer selection reads it, with the locale its merge context already resolved. */
export function documentForOffer(document: DocumentEntity, content: TemplateContent, context: MergeContext): DocumentForOffer {
  return {
    id: document.id,
    type: document.type,
    localeTag: document.locale,
    language: context.locale.language,
    dir: context.locale.dir,
    recipient: context.recipient,
    data: document.data,
    channels: document.channels,
    content,
  };
}
