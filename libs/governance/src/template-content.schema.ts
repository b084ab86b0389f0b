import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import type { FieldError } from '@app/kernel';
import { ASSET_CONTENT_TYPES, CHANNELS, OFFER_SLOT_NAME } from '@app/contracts';
import { EMAIL_LINE_BUDGET_MAX, EMAIL_LINE_BUDGET_MIN, linearRegExp, RESERVED_CONTEXT_KEYS } from '@app/templating';

/** Source fields are bounded so one version cannot exhaust memory or the database row. */
const SOURCE_MAX = 200_000;
const TEXT_MAX = 2_000;
const LANGUAGE = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$';

const source = { type: 'string', maxLength: SOURCE_MAX };
const text = { type: 'string', maxLength: TEXT_MAX };
/** Samples are rendered on every submit: a bound keeps submit time predictable. */
const MAX_SAMPLES = 20;
const BLOCK_NAME = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$';
const ASSET_NAME = '^[a-z0-9]+(-[a-z0-9]+)*$';

const catalogs = {
  type: 'object',
  propertyNames: { pattern: LANGUAGE },
  additionalProperties: { type: 'object', additionalProperties: { type: 'string', maxLength: TEXT_MAX } },
};

/** A locked block version's content: its sources per format and its own catalogs. */
export const BLOCK_CONTENT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['sources', 'messages'],
  properties: {
    sources: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { mjml: source, html: source, text: source },
    },
    messages: catalogs,
  },
} as const;

/**
 * The structure of `TemplateContent` as JSON Schema: what a posted version must
 * look like before anything else (lint, rendering) looks at it. Unknown fields
 * are refused everywhere, so a typo never silently does nothing.
 */
export const TEMPLATE_CONTENT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name', 'locales', 'defaultLocale', 'defaultChannels', 'dataContract', 'channels', 'messages'],
  properties: {
    kind: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: text,
    locales: { type: 'array', minItems: 1, maxItems: 50, uniqueItems: true, items: { type: 'string', pattern: LANGUAGE } },
    defaultLocale: { type: 'string', pattern: LANGUAGE },
    defaultChannels: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...CHANNELS] } },
    offerSlots: { type: 'array', maxItems: 5, uniqueItems: true, items: { type: 'string', maxLength: 40, pattern: OFFER_SLOT_NAME.source } },
    dataContract: {
      type: 'object',
      properties: Object.fromEntries(RESERVED_CONTEXT_KEYS.map((key) => [key, false])),
      propertyNames: { not: { enum: [...RESERVED_CONTEXT_KEYS] } },
    },
    channels: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        email: {
          type: 'object',
          additionalProperties: false,
          required: ['subject', 'mjml', 'text'],
          properties: {
            subject: text,
            mjml: source,
            text: source,
            lineBudget: { type: 'integer', minimum: EMAIL_LINE_BUDGET_MIN, maximum: EMAIL_LINE_BUDGET_MAX },
          },
        },
        pdf: {
          type: 'object',
          additionalProperties: false,
          required: ['html'],
          properties: {
            html: source,
            format: { enum: ['A4', 'Letter', 'Legal', 'A5'] },
            landscape: { type: 'boolean' },
          },
        },
        sms: {
          type: 'object',
          additionalProperties: false,
          required: ['text', 'sender', 'maxSegments'],
          properties: {
            text: source,
            sender: { type: 'string', maxLength: 20 },
            maxSegments: { type: 'integer', minimum: 1, maximum: 10 },
            smartEncoding: { type: 'boolean' },
          },
        },
        whatsapp: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'category', 'parameters', 'locales', 'buttons'],
          properties: {
            name: { type: 'string', maxLength: 512 },
            category: { enum: ['utility', 'marketing', 'authentication'] },
            parameters: { type: 'object', additionalProperties: text },
            locales: {
              type: 'object',
              propertyNames: { pattern: LANGUAGE },
              additionalProperties: {
                type: 'object',
                additionalProperties: false,
                required: ['body', 'buttonLabels'],
                properties: {
                  header: text,
                  body: { type: 'string', maxLength: 4_096 },
                  footer: text,
                  buttonLabels: { type: 'array', maxItems: 10, items: text },
                },
              },
            },
            buttons: {
              type: 'array',
              maxItems: 10,
              items: {
                oneOf: [
                  {
                    type: 'object',
                    additionalProperties: false,
                    required: ['type', 'url'],
                    properties: { type: { const: 'url' }, url: text, suffix: text },
                  },
                  {
                    type: 'object',
                    additionalProperties: false,
                    required: ['type', 'payload'],
                    properties: { type: { const: 'quick_reply' }, payload: text },
                  },
                  {
                    type: 'object',
                    additionalProperties: false,
                    required: ['type', 'phoneNumber'],
                    properties: { type: { const: 'phone_number' }, phoneNumber: text },
                  },
                ],
              },
            },
          },
        },
      },
    },
    messages: catalogs,
    /** Captured locked blocks; checked against the stored block versions when the draft is saved. */
    blocks: {
      type: 'object',
      maxProperties: 50,
      propertyNames: { pattern: BLOCK_NAME, maxLength: 63 },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['version', 'contentHash', ...BLOCK_CONTENT_SCHEMA.required],
        properties: {
          version: { type: 'integer', minimum: 1 },
          contentHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          ...BLOCK_CONTENT_SCHEMA.properties,
        },
      },
    },
    /** Captured assets; checked against the stored uploads when the draft is saved. */
    assets: {
      type: 'object',
      maxProperties: 50,
      propertyNames: { pattern: ASSET_NAME, maxLength: 63 },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['sha256', 'contentType', 'size'],
        properties: {
          sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          contentType: { enum: [...ASSET_CONTENT_TYPES] },
          size: { type: 'integer', minimum: 1 },
        },
      },
    },
    samples: {
      type: 'object',
      maxProperties: MAX_SAMPLES,
      propertyNames: { pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['locale', 'recipient', 'data'],
        properties: {
          locale: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
          recipient: {
            type: 'object',
            required: ['customerId', 'name'],
            properties: { customerId: text, name: text },
          },
          data: { type: 'object' },
        },
      },
    },
  },
} as const;

const ajv = new Ajv2020({ allErrors: true, strict: false, code: { regExp: linearRegExp } });
const validate = ajv.compile(TEMPLATE_CONTENT_SCHEMA);
const validateBlock = ajv.compile(BLOCK_CONTENT_SCHEMA);

/** Structural problems of posted content, each at its JSON pointer into the request body. */
export function contentStructureErrors(content: unknown): FieldError[] {
  return structureErrors(validate, content);
}

/** Structural problems of a posted locked block version. */
export function blockStructureErrors(content: unknown): FieldError[] {
  return structureErrors(validateBlock, content);
}

function structureErrors(validate: ValidateFunction, content: unknown): FieldError[] {
  if (validate(content)) return [];
  const errors = (validate.errors ?? []).filter((error) => !['oneOf', 'if'].includes(error.keyword) || validate.errors!.length === 1);
  const seen = new Set<string>();
  return errors.map(toFieldError).filter((error) => {
    const key = `${error.pointer}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toFieldError(error: ErrorObject): FieldError {
  const at = error.instancePath || '';
  switch (error.keyword) {
    case 'required':
      return { pointer: `${at}/${escape(error.params.missingProperty as string)}`, message: 'is required' };
    case 'additionalProperties':
      return { pointer: `${at}/${escape(error.params.additionalProperty as string)}`, message: 'is not an allowed field' };
    case 'false schema':
      return { pointer: at, message: 'is a name the merge context reserves' };
    default:
      return { pointer: at || '/', message: error.message ?? `fails "${error.keyword}"` };
  }
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
