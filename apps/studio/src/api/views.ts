/**
 * What the platform answers, for the routes whose OpenAPI document describes
 * the request but not the response body. Kept to the fields the studio reads.
 */
export type Channel = 'email' | 'pdf' | 'sms' | 'whatsapp';
export const CHANNELS: readonly Channel[] = ['email', 'pdf', 'sms', 'whatsapp'];

export interface User {
  readonly id: string;
  /** Who versions name as author and approver; absent when signed in with an API key. */
  readonly identityId?: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly string[];
}

export interface SessionView {
  readonly user: User;
  readonly csrfToken: string;
}

export interface TemplateView {
  readonly key: string;
  readonly kind: string;
  readonly name: string;
  readonly description: string;
  readonly publishedVersion: number | null;
  readonly updatedAt: string;
}

export interface LintFinding {
  readonly severity: 'error' | 'warning';
  readonly rule: string;
  readonly pointer: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  readonly sample?: string;
}

export type VersionStatus = 'draft' | 'in_review' | 'approved' | 'rejected' | 'published' | 'retired';

export interface VersionView {
  readonly key: string;
  readonly number: number;
  readonly status: VersionStatus;
  readonly contentHash: string;
  readonly basedOn: number | null;
  readonly author: string;
  readonly createdAt: string;
  readonly submittedAt: string | null;
  readonly approvedBy: string | null;
  readonly reviewedBy: string | null;
  readonly reviewComment: string | null;
  readonly publishedAt: string | null;
  readonly lintFindings: readonly LintFinding[];
}

export interface SampleDocument {
  readonly locale: string;
  readonly recipient: Record<string, unknown>;
  readonly data: Record<string, unknown>;
}

export interface WhatsAppLocaleContent {
  header?: string;
  body: string;
  footer?: string;
  buttonLabels: string[];
}

/** A version's content, in the shape POST /v1/templates/{key}/versions takes. */
export interface TemplateContent {
  kind: string;
  name: string;
  description?: string;
  locales: string[];
  defaultLocale: string;
  defaultChannels: Channel[];
  dataContract: Record<string, unknown>;
  channels: {
    email?: { subject: string; mjml: string; text: string; lineBudget?: number };
    pdf?: { html: string; format?: string; landscape?: boolean };
    sms?: { text: string; sender: string; maxSegments: number; smartEncoding?: boolean };
    whatsapp?: { name: string; category: string; parameters: Record<string, string>; locales: Record<string, WhatsAppLocaleContent>; buttons: unknown[] };
  };
  messages: Record<string, Record<string, string>>;
  samples?: Record<string, SampleDocument>;
  blocks?: Record<string, unknown>;
  assets?: Record<string, unknown>;
}

export interface ChannelError {
  readonly error: { readonly code: string; readonly message: string; readonly errors?: readonly { pointer: string; message: string }[] };
}
export interface EmailPreview {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly htmlBytes: number;
  readonly clipped: boolean;
  readonly warnings: readonly string[];
}
export interface PdfPreview {
  readonly pdfBase64: string;
  readonly pages: number;
  readonly bytes: number;
  readonly blockedRequests: readonly string[];
  readonly firstPagePng?: string;
}
export interface SmsPreview {
  readonly text: string;
  readonly sender: string;
  readonly encoding: string;
  readonly segments: number;
  readonly characters: number;
  readonly maxSegments: number;
  readonly withinBudget: boolean;
  readonly problems: readonly { pointer: string; message: string }[];
}
export interface WhatsAppFinding {
  readonly severity: 'error' | 'warning';
  readonly pointer: string;
  readonly message: string;
}
export interface WhatsAppPreview {
  readonly filled: { readonly header?: string; readonly body: string; readonly footer?: string };
  readonly payload: unknown;
  readonly findings: readonly WhatsAppFinding[];
  readonly sendable: boolean;
}
export interface PreviewResult {
  readonly sample: string | null;
  readonly locale: { readonly tag: string; readonly language: string; readonly dir: 'ltr' | 'rtl' };
  readonly channels: {
    readonly email?: EmailPreview | ChannelError;
    readonly pdf?: PdfPreview | ChannelError;
    readonly sms?: SmsPreview | ChannelError;
    readonly whatsapp?: WhatsAppPreview | ChannelError;
  };
  readonly lint?: readonly LintFinding[];
}

export function isChannelError(value: unknown): value is ChannelError {
  return typeof value === 'object' && value !== null && 'error' in value;
}

export interface SourceChange {
  readonly pointer: string;
  readonly channel?: string;
  readonly locale?: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly diff: string;
}
export interface RenderedSide {
  readonly text?: string;
  readonly png?: string;
  readonly error?: { readonly code: string; readonly message: string };
}
export interface VersionDiff {
  readonly key: string;
  readonly a: { number: number; status: string };
  readonly b: { number: number; status: string };
  readonly sample: { name: string; locale: string } | null;
  readonly sources: readonly SourceChange[];
  readonly rendered: readonly { channel: Channel; a: RenderedSide; b: RenderedSide; textDiff: string }[];
}

export interface AuditEntry {
  readonly id: string;
  readonly occurredAt: string;
  readonly actor: string;
  readonly action: string;
  readonly details: Record<string, unknown>;
}

export interface Delivery {
  readonly id: string;
  readonly documentId?: string;
  readonly channel: string;
  readonly status: string;
  readonly createdAt: string;
  readonly updatedAt?: string;
}
export interface DeliveriesPage {
  readonly items: readonly Delivery[];
  readonly nextCursor: string | null;
}

export interface ListedUser extends User {
  readonly createdAt: string;
  readonly disabled: boolean;
}
