import type { CapturedAsset } from './asset-reference';
import type { CapturedBlock } from './block-content';
import type { Channel } from './channel';
import type { Recipient } from './recipient';

/**
 * The full, versioned content of a template: what a new version is drafted with
 * and what a stored version holds. Its canonical JSON is hashed
 * (SHA-256) into the version's content hash.
 *
 * Handlebars is the merge language in every text field below. The merge context
 * root holds the document's `data` fields plus the reserved names `recipient`,
 * `document`, `locale`, `actions` and `offers` (see `MergeContext`).
 */
export interface TemplateContent {
  /** `invoice`, `payment-confirmation`, `service-update` or a custom kind. */
  readonly kind: string;
  readonly name: string;
  readonly description?: string;
  /** Language subtags this version ships, e.g. `["en", "ar", "zh"]`. */
  readonly locales: readonly string[];
  readonly defaultLocale: string;
  /** Channels used when neither the document nor the recipient names any. */
  readonly defaultChannels: readonly Channel[];
  /** JSON Schema (draft 2020-12) for the document's `data`. */
  readonly dataContract: Record<string, unknown>;
  readonly channels: ChannelContents;
  /** ICU MessageFormat catalogs: `messages[language][key]`. */
  readonly messages: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Named sample documents the version is linted, previewed and diffed with;
   * versioned with the content, so reviewers see the data a change was checked against.
   */
  readonly samples?: Readonly<Record<string, SampleDocument>>;
  /**
   * The locked blocks its sources include (`{{> name}}`), as published when the
   * version was saved and again when it was submitted. Set by the platform, never
   * by an author: a posted entry must be an unchanged capture of a stored block
   * version, and is replaced by the currently published one.
   */
  readonly blocks?: Readonly<Record<string, CapturedBlock>>;
  /**
   * The brand assets its HTML sources and blocks inline (`{{asset "logo"}}`), as
   * the latest upload of each name when the version was saved and again when it
   * was submitted: hash, type and size, never the bytes. Set by the platform like
   * `blocks`: a posted entry must be an unchanged capture of a stored upload.
   */
  readonly assets?: Readonly<Record<string, CapturedAsset>>;
  /**
   * Where an offer may appear (`["after-totals"]`): each slot is written in the
   * email MJML as `<mj-raw>{{offers.afterTotals.email}}</mj-raw>` and in the PDF
   * HTML as `{{offers.afterTotals.pdf}}`. Nothing renders there without an offer.
   */
  readonly offerSlots?: readonly string[];
}

/** A version as documents see it: immutable, so it is safe to cache. */
export interface PinnedVersion {
  readonly key: string;
  readonly number: number;
  readonly contentHash: string;
  readonly content: TemplateContent;
}

/** One sample: what a billing system would post for this template, less the envelope's routing fields. */
export interface SampleDocument {
  readonly locale: string;
  readonly recipient: Recipient;
  readonly data: Record<string, unknown>;
}

export interface ChannelContents {
  readonly email?: EmailContent;
  readonly pdf?: PdfContent;
  readonly sms?: SmsContent;
  readonly whatsapp?: WhatsAppContent;
}

export interface EmailContent {
  /** Handlebars, plain text. */
  readonly subject: string;
  /**
   * MJML with Handlebars expressions. Layout tokens `[[dir]]`, `[[align]]`,
   * `[[alignEnd]]` and `[[lang]]` are replaced before MJML compilation, so the
   * MJML is compiled once per version and direction, never per message.
   */
  readonly mjml: string;
  /** Handlebars, plain text: the text/plain alternative, merged directly. */
  readonly text: string;
  /**
   * Invoices only: most lines the email shows (1–100; 10 when absent). A longer
   * invoice's email shows its largest lines, and the template says how many more
   * the PDF holds (`lineBudget` in the merge context); the PDF shows every line.
   */
  readonly lineBudget?: number;
}

export interface PdfContent {
  /** A full HTML document with Handlebars expressions. */
  readonly html: string;
  readonly format?: 'A4' | 'Letter' | 'Legal' | 'A5';
  readonly landscape?: boolean;
}

export interface SmsContent {
  /** Handlebars, plain text. */
  readonly text: string;
  /** Sender name or number shown to the recipient. */
  readonly sender: string;
  /** Most segments one message may take; more is an error at submit and at render. */
  readonly maxSegments: number;
  /** Replace typographic characters with GSM-7 ones to stay in GSM-7. */
  readonly smartEncoding?: boolean;
}

export interface WhatsAppContent {
  /** Meta template name: lowercase letters, digits and `_`. */
  readonly name: string;
  readonly category: 'utility' | 'marketing' | 'authentication';
  /** Named parameters (`{{customer_name}}` in the texts) → Handlebars expression for the value. */
  readonly parameters: Readonly<Record<string, string>>;
  /** The template text as registered with Meta, per language subtag. */
  readonly locales: Readonly<Record<string, WhatsAppLocaleContent>>;
  readonly buttons: readonly WhatsAppButton[];
}

export interface WhatsAppLocaleContent {
  readonly header?: string;
  readonly body: string;
  readonly footer?: string;
  /** Button labels, in the order of `buttons`. */
  readonly buttonLabels: readonly string[];
}

export type WhatsAppButton =
  /** `url` ends with `{{1}}`, filled per message from `suffix` (a Handlebars expression). */
  | { readonly type: 'url'; readonly url: string; readonly suffix?: string }
  /** `payload` comes back with the customer's reply; a Handlebars expression merged per message, e.g. `ask:{{actions.askPath}}`. */
  | { readonly type: 'quick_reply'; readonly payload: string }
  | { readonly type: 'phone_number'; readonly phoneNumber: string };
