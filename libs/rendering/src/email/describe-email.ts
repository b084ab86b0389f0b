import { GMAIL_CLIP_BYTES, HTML_BUDGET_BYTES, SUBJECT_RECOMMENDED_MAX_CHARS } from './email.constants';

export interface EmailParts {
  readonly subject: string;
  readonly text: string;
  /** The HTML, or its UTF-8 size when the caller has its bytes already (no second pass over tens of kilobytes). */
  readonly html?: string;
  readonly htmlBytes?: number;
}

export interface EmailFacts {
  readonly htmlBytes: number;
  readonly textBytes: number;
  /** Gmail will cut the message short. */
  readonly clipped: boolean;
  readonly warnings: string[];
}

/** Size and deliverability facts about a rendered email, shown to integrators and reviewers. */
export function describeEmail({ subject, html = '', text, htmlBytes = Buffer.byteLength(html, 'utf8') }: EmailParts): EmailFacts {
  const textBytes = Buffer.byteLength(text, 'utf8');
  const clipped = htmlBytes > GMAIL_CLIP_BYTES;
  const warnings: string[] = [];
  if (clipped) {
    warnings.push(`HTML is ${kb(htmlBytes)}; Gmail clips messages over ${kb(GMAIL_CLIP_BYTES)} and hides their end`);
  } else if (htmlBytes > HTML_BUDGET_BYTES) {
    warnings.push(`HTML is ${kb(htmlBytes)}, close to Gmail's ${kb(GMAIL_CLIP_BYTES)} clipping limit`);
  }
  if (text.trim() === '') warnings.push('The text/plain alternative is empty');
  if (subject.trim() === '') warnings.push('The subject is empty');
  if (/[\r\n]/.test(subject)) warnings.push('The subject contains a line break');
  if ([...subject].length > SUBJECT_RECOMMENDED_MAX_CHARS) {
    warnings.push(`The subject is longer than ${SUBJECT_RECOMMENDED_MAX_CHARS} characters and will be cut in most inboxes`);
  }
  return { htmlBytes, textBytes, clipped, warnings };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
