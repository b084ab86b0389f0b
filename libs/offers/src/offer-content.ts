import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import type { CapturedAsset } from '@app/contracts';
import type { FieldError } from '@app/kernel';
import { linearRegExp } from '@app/templating';

/** Every offer speaks the languages every built-in template ships. */
export const OFFER_LANGUAGES = ['en', 'ar', 'zh'] as const;
export type OfferLanguage = (typeof OFFER_LANGUAGES)[number];

/** What the recipient reads, per language. */
export interface OfferText {
  readonly title: string;
  readonly body: string;
  readonly ctaLabel: string;
}

/** Where the offer's button leads: a page of the business, or the invoice's own ask action. */
export type OfferCallToAction = { readonly type: 'url'; readonly url: string } | { readonly type: 'ask' };

/** One arm of an A/B split: a share of the recipients and, optionally, other words for them. */
export interface OfferArm {
  readonly name: string;
  readonly weight: number;
  readonly texts?: Partial<Record<OfferLanguage, Partial<OfferText>>>;
}

/**
 * The content of one offer version: immutable once submitted, hashed like a
 * template version's. `channels` holds the only two ways an offer is shown:
 * an MJML fragment of column content for the email (`mj-text`, `mj-image`,
 * `mj-button`…) and an HTML fragment for the PDF. Both may print the
 * placeholders `{{title}}`, `{{body}}`, `{{ctaLabel}}`, `{{ctaUrl}}` and
 * `{{imageSrc}}`, filled (escaped) by the platform — nothing else.
 */
export interface OfferContent {
  /** The template kind whose data the eligibility rule reads (`invoice`). */
  readonly kind: string;
  readonly texts: Readonly<Record<OfferLanguage, OfferText>>;
  /** A brand asset by name; the upload the version was submitted with is pinned in `imageAsset`. */
  readonly image?: string;
  readonly imageAsset?: CapturedAsset;
  readonly cta: OfferCallToAction;
  readonly validFrom: string;
  readonly validUntil: string;
  /** Higher wins among the eligible offers. */
  readonly priority: number;
  readonly abSplit?: { readonly arms: readonly [OfferArm, OfferArm] };
  /** At most this many messages with this offer per recipient in any 30 days. */
  readonly frequencyCap: number;
  /** Template slots it may fill, in order of preference. */
  readonly slots: readonly string[];
  readonly channels: { readonly email: { readonly mjml: string }; readonly pdf: { readonly html: string } };
  /** JSON Logic over `{ recipient, data, document, derived }`; `true` for everyone. */
  readonly eligibility: unknown;
}

/** The placeholders a block may print. */
export const BLOCK_PLACEHOLDERS = ['title', 'body', 'ctaLabel', 'ctaUrl', 'imageSrc'] as const;

const FRAGMENT_MAX = 50_000;
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
const offerText = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'body', 'ctaLabel'],
  properties: { title: text(120), body: text(600), ctaLabel: text(40) },
};
const instant = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$' };

export const OFFER_CONTENT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'texts', 'cta', 'validFrom', 'validUntil', 'priority', 'frequencyCap', 'channels', 'eligibility'],
  properties: {
    kind: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' },
    texts: {
      type: 'object',
      additionalProperties: false,
      required: [...OFFER_LANGUAGES],
      properties: Object.fromEntries(OFFER_LANGUAGES.map((language) => [language, offerText])),
    },
    image: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
    imageAsset: { type: 'object' },
    cta: {
      oneOf: [
        { type: 'object', additionalProperties: false, required: ['type', 'url'], properties: { type: { const: 'url' }, url: { type: 'string', maxLength: 2000, pattern: '^https://' } } },
        { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'ask' } } },
      ],
    },
    validFrom: instant,
    validUntil: instant,
    priority: { type: 'integer', minimum: 0, maximum: 1000 },
    abSplit: {
      type: 'object',
      additionalProperties: false,
      required: ['arms'],
      properties: {
        arms: {
          type: 'array',
          minItems: 2,
          maxItems: 2,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'weight'],
            properties: {
              name: { type: 'string', pattern: '^[a-z0-9-]{1,20}$' },
              weight: { type: 'integer', minimum: 1, maximum: 100 },
              texts: {
                type: 'object',
                additionalProperties: false,
                properties: Object.fromEntries(
                  OFFER_LANGUAGES.map((language) => [language, { ...offerText, required: [] }]),
                ),
              },
            },
          },
        },
      },
    },
    frequencyCap: { type: 'integer', minimum: 1, maximum: 100 },
    slots: { type: 'array', minItems: 1, maxItems: 5, uniqueItems: true, items: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' } },
    channels: {
      type: 'object',
      additionalProperties: false,
      required: ['email', 'pdf'],
      properties: {
        email: { type: 'object', additionalProperties: false, required: ['mjml'], properties: { mjml: text(FRAGMENT_MAX) } },
        pdf: { type: 'object', additionalProperties: false, required: ['html'], properties: { html: text(FRAGMENT_MAX) } },
      },
    },
    eligibility: {},
  },
} as const;

const ajv = new Ajv2020({ allErrors: true, strict: false, code: { regExp: linearRegExp } });
const validate = ajv.compile(OFFER_CONTENT_SCHEMA);

/** The default slot of an offer that names none: the one the built-in invoice declares. */
export const DEFAULT_OFFER_SLOTS = ['after-totals'] as const;

/** Structural problems of a posted offer version, each at its JSON pointer. */
export function offerStructureErrors(content: unknown): FieldError[] {
  if (validate(content)) {
    const offer = content as OfferContent;
    if (Date.parse(offer.validUntil) <= Date.parse(offer.validFrom)) return [{ pointer: '/validUntil', message: 'must be after validFrom' }];
    const names = offer.abSplit?.arms.map((arm) => arm.name);
    if (names && names[0] === names[1]) return [{ pointer: '/abSplit/arms/1/name', message: 'must differ from the first arm' }];
    return [];
  }
  const seen = new Set<string>();
  return (validate.errors ?? [])
    .filter((error) => error.keyword !== 'oneOf' || validate.errors!.length === 1)
    .map(toFieldError)
    .filter((error) => {
      const key = `${error.pointer}\u0000${error.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The slots an offer may fill, its default applied. */
export function slotsOf(content: OfferContent): readonly string[] {
  return content.slots?.length ? content.slots : DEFAULT_OFFER_SLOTS;
}

function toFieldError(error: ErrorObject): FieldError {
  const at = error.instancePath || '';
  if (error.keyword === 'required') return { pointer: `${at}/${error.params.missingProperty as string}`, message: 'is required' };
  if (error.keyword === 'additionalProperties') return { pointer: `${at}/${error.params.additionalProperty as string}`, message: 'is not an allowed field' };
  return { pointer: at || '/', message: error.message ?? `fails "${error.keyword}"` };
}
