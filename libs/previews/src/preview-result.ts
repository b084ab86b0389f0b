import type { LintFinding } from '@app/governance';
import type { OfferEvaluation } from '@app/offers';
import type { FieldError } from '@app/kernel';
import type { SmsEncoding, WhatsAppFinding, WhatsAppSendPayload } from '@app/rendering';
import type { LocaleInfo } from '@app/contracts';
import type { VersionStatus } from '@app/template-store';

export interface EmailPreview {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly htmlBytes: number;
  readonly textBytes: number;
  /** Gmail would cut the message short. */
  readonly clipped: boolean;
  readonly warnings: readonly string[];
}

export interface PdfPreview {
  readonly pdfBase64: string;
  readonly pages: number;
  readonly bytes: number;
  /** Resources the document tried to load and was refused. */
  readonly blockedRequests: readonly string[];
  /** The first page as a base64 PNG, when the request asked for `pdfPageImage`. */
  readonly firstPagePng?: string;
}

export interface SmsPreview {
  readonly text: string;
  readonly sender: string;
  readonly encoding: SmsEncoding;
  readonly segments: number;
  readonly characters: number;
  readonly maxSegments: number;
  /** False when a document with this data would be refused (too many segments, too long for the provider). */
  readonly withinBudget: boolean;
  /** Why it is over budget. */
  readonly problems: readonly FieldError[];
  /** Typographic characters swapped for GSM-7 ones by smart encoding. */
  readonly replaced?: readonly unknown[];
}

export interface WhatsAppPreview {
  /** The Cloud API message a document would send. */
  readonly payload: WhatsAppSendPayload;
  /** The texts as the recipient reads them. */
  readonly filled: { readonly header?: string; readonly body: string; readonly footer?: string };
  /** Meta's limits and rules, checked with this data; an error means Meta would refuse the message. */
  readonly findings: readonly WhatsAppFinding[];
  readonly sendable: boolean;
}

/** A channel that could not be rendered with this content and data; the other channels still are. */
export interface ChannelPreviewError {
  readonly error: { readonly code: string; readonly message: string; readonly errors: readonly FieldError[] };
}

export interface ChannelPreviews {
  readonly email?: EmailPreview | ChannelPreviewError;
  readonly pdf?: PdfPreview | ChannelPreviewError;
  readonly sms?: SmsPreview | ChannelPreviewError;
  readonly whatsapp?: WhatsAppPreview | ChannelPreviewError;
}

export interface PreviewResult {
  readonly template: {
    readonly key: string;
    /** Null for unsaved content. */
    readonly version: number | null;
    readonly status: VersionStatus | 'unsaved';
    readonly contentHash: string;
  };
  /** The sample rendered, or null when the data was given. */
  readonly sample: string | null;
  readonly locale: LocaleInfo;
  readonly channels: ChannelPreviews;
  /** Each published offer: whether a document with this data would carry it now, and why (consent, window, slot, eligibility, cap, rank). */
  readonly offers: readonly OfferEvaluation[];
  /** Static compliance findings, for unsaved content and drafts (submitted versions carry theirs). */
  readonly lint?: readonly LintFinding[];
}

