import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { withoutBidiControls } from '@app/kernel';

/** The fields of a body that carry a customer's data, as opposed to an author's template. */
const CUSTOMER_FIELDS = ['recipient', 'data', 'externalRef'] as const;

/**
 * Takes bidirectional overrides, embeddings and isolates out of customer data
 * before anything stores or renders it, so "Refund \u202E00.001$\u202C" can
 * never read "Refund $100.00" in any channel. Stripped rather than refused: a
 * billing system copying names out of a word processor sends them by accident,
 * and the text without them reads as it was typed. Stripped rather than isolated
 * at render time: an isolate keeps an override from leaking out of its value
 * but not from reversing the value itself, and a plain-text isolate costs an
 * SMS its GSM-7 alphabet. Authored templates keep theirs: authors place
 * isolates on purpose, and a reviewer approves them.
 */
@Injectable()
export class StripBidiControlsPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' || value === null || typeof value !== 'object') return value;
    const body = value as Record<string, unknown>;
    for (const field of CUSTOMER_FIELDS) {
      if (Object.hasOwn(body, field)) body[field] = withoutBidiControls(body[field]);
    }
    return body;
  }
}
