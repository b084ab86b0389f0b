import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AssetStore } from '@app/assets';
import type { PinnedVersion } from '@app/contracts';
import { DocumentRepository } from '@app/documents';
import { TemplateRepository } from '@app/template-store';
import { pageLanguageOf, type PageLanguage } from './landing-messages';

/** What a landing page shows of a document: the bill, and who sends it. */
export interface LandingDocument {
  readonly id: string;
  readonly kind: string;
  readonly templateKey: string;
  readonly templateVersion: number;
  readonly localeTag: string;
  readonly language: PageLanguage;
  /** The invoice number (or the document's external reference). */
  readonly number: string;
  readonly currency: string | null;
  /** A decimal string as the billing system sent it. */
  readonly amountDue: string | null;
  /** `YYYY-MM-DD`. */
  readonly dueDate: string | null;
  readonly lines: readonly string[];
  readonly recipient: { readonly customerId: string; readonly name?: string; readonly email?: string; readonly phone?: string; readonly whatsapp?: string };
  readonly brand: Brand;
}

export interface Brand {
  readonly name: string;
  readonly legalName: string | null;
  /** Where customers call with questions (`brand.supportPhone`). */
  readonly supportPhone: string | null;
  /** A `#rrggbb` the button and header are drawn in. */
  readonly colour: string;
  /** The logo as a `data:` URI, from the bytes the version pinned, or null. */
  readonly logo: string | null;
}

const DEFAULT_COLOUR = '#0b3d5c';
const SENDER_IDENTITY = 'sender-identity';

/**
 * Reads a document as its landing page shows it. The brand comes from the
 * locked sender-identity block the document's template version captured (its
 * `brand.*` messages, the colour its source draws the brand name in) and the
 * logo from the asset bytes that version pinned, checked against their hash —
 * the same identity the customer saw in the message the link came in.
 */
@Injectable()
export class LandingDocumentReader {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly templates: TemplateRepository,
    private readonly assets: AssetStore,
  ) {}

  async read(documentId: string): Promise<LandingDocument | null> {
    const document = await this.documents.findById(documentId);
    if (!document) return null;
    const version = await this.templates.version(document.templateKey, document.templateVersion);
    const language = pageLanguageOf(document.locale);
    const invoice = objectAt(document.data, 'invoice');
    const lines = Array.isArray(invoice?.lines) ? invoice.lines : [];
    return {
      id: document.id,
      kind: version.content.kind,
      templateKey: document.templateKey,
      templateVersion: document.templateVersion,
      localeTag: document.locale,
      language,
      number: stringAt(invoice, 'number') ?? document.externalRef ?? document.id.slice(0, 8),
      currency: stringAt(invoice, 'currency'),
      amountDue: stringAt(invoice, 'amountDue') ?? stringAt(invoice, 'total'),
      dueDate: stringAt(invoice, 'dueDate'),
      lines: lines.map((line, i) => stringAt(line, 'description') ?? `#${i + 1}`),
      recipient: document.recipient,
      brand: await this.brandOf(version, language),
    };
  }

  private async brandOf(version: PinnedVersion, language: PageLanguage): Promise<Brand> {
    const block = version.content.blocks?.[SENDER_IDENTITY];
    const messages = block?.messages[language] ?? block?.messages[version.content.defaultLocale] ?? {};
    const templateMessages = version.content.messages[language] ?? {};
    const name = messages['brand.name'] ?? templateMessages['brand.name'] ?? '';
    const colour = /color:\s*(#[0-9a-fA-F]{6})\b/.exec(block?.sources.html ?? '')?.[1];
    return {
      name,
      legalName: messages['brand.legalName'] ?? null,
      supportPhone: messages['brand.supportPhone'] ?? null,
      colour: colour && contrastWithWhite(colour) >= 4.5 ? colour.toLowerCase() : DEFAULT_COLOUR,
      logo: await this.logoOf(version),
    };
  }

  private async logoOf(version: PinnedVersion): Promise<string | null> {
    const logo = version.content.assets?.logo;
    if (!logo) return null;
    const bytes = await this.assets.content(logo.sha256);
    // Bytes that are not the ones the version approved are never shown.
    if (!bytes || createHash('sha256').update(bytes).digest('hex') !== logo.sha256) return null;
    return `data:${logo.contentType};base64,${bytes.toString('base64')}`;
  }
}

function objectAt(value: unknown, key: string): Record<string, any> | null {
  const inner = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, any>) : null;
}

function stringAt(value: unknown, key: string): string | null {
  const inner = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof inner === 'string' && inner.length > 0 ? inner : typeof inner === 'number' ? String(inner) : null;
}

/** WCAG contrast ratio of a colour against white: the button's text is white, so a brand colour too light for it is not used. */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}
