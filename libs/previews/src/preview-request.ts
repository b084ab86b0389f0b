import type { Channel, SampleDocument, TemplateContent } from '@app/contracts';

/**
 * What to preview: a stored version or unsaved content, rendered with given
 * data or with one of the content's samples. Field names are the request
 * body's, so every problem points at the field the caller sent.
 */
export interface PreviewRequest {
  /** A stored template; with `version` that version (drafts included), else its published one. */
  readonly template?: string;
  readonly version?: number;
  /** Unsaved content, in the shape of a new template version's content. */
  readonly content?: TemplateContent;
  /** A sample of the content by name; default: the first sample in `locale`, else the first sample. */
  readonly sample?: string;
  /** BCP 47 tag to render in; required with `data`, otherwise it overrides the sample's. */
  readonly locale?: string;
  /** Required with `data`, otherwise it overrides the sample's. */
  readonly recipient?: SampleDocument['recipient'];
  /** Document data, checked against the content's data contract like a posted document's. */
  readonly data?: Record<string, unknown>;
  /** Shown where a document's reference would be (the PDF title). */
  readonly externalRef?: string;
  /** Default: every channel the content has. */
  readonly channels?: readonly Channel[];
  /** Also return the PDF's first page as a PNG, for viewers that cannot show a PDF. */
  readonly pdfPageImage?: boolean;
}
