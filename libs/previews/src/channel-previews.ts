import type { ComposedOutput } from '@app/composer';
import type { FieldError } from '@app/kernel';
import type { WhatsAppFinding, WhatsAppSendPayload } from '@app/rendering';
import type { EmailPreview, PdfPreview, SmsPreview, WhatsAppPreview } from './preview-result';

/** A composed output as the studio shows it: the output itself beside the facts about it. */
export function channelPreview(output: ComposedOutput): EmailPreview | PdfPreview | SmsPreview | WhatsAppPreview {
  switch (output.channel) {
    case 'email':
      return emailPreview(output);
    case 'pdf':
      return pdfPreview(output);
    case 'sms':
      return smsPreview(output);
    case 'whatsapp':
      return whatsAppPreview(output);
  }
}

function emailPreview({ body, altBody, metadata }: ComposedOutput): EmailPreview {
  return {
    subject: metadata.subject as string,
    html: body.toString('utf8'),
    text: altBody ?? '',
    htmlBytes: metadata.htmlBytes as number,
    textBytes: metadata.textBytes as number,
    clipped: metadata.clipped as boolean,
    warnings: metadata.warnings as string[],
  };
}

function pdfPreview({ body, metadata }: ComposedOutput): PdfPreview {
  return {
    pdfBase64: body.toString('base64'),
    pages: metadata.pages as number,
    bytes: body.length,
    blockedRequests: (metadata.blockedRequests as string[] | undefined) ?? [],
  };
}

function smsPreview({ body, metadata }: ComposedOutput): SmsPreview {
  const message = JSON.parse(body.toString('utf8')) as { text: string; sender: string };
  const problems = (metadata.overBudget as FieldError[] | undefined) ?? [];
  return {
    text: message.text,
    sender: message.sender,
    encoding: metadata.encoding as SmsPreview['encoding'],
    segments: metadata.segments as number,
    characters: metadata.characters as number,
    maxSegments: metadata.maxSegments as number,
    withinBudget: problems.length === 0,
    problems,
    ...(metadata.replaced ? { replaced: metadata.replaced as unknown[] } : {}),
  };
}

function whatsAppPreview({ body, metadata }: ComposedOutput): WhatsAppPreview {
  const findings = (metadata.findings as WhatsAppFinding[] | undefined) ?? (metadata.warnings as WhatsAppFinding[]);
  return {
    payload: JSON.parse(body.toString('utf8')) as WhatsAppSendPayload,
    filled: metadata.filled as WhatsAppPreview['filled'],
    findings,
    sendable: !findings.some((finding) => finding.severity === 'error'),
  };
}
