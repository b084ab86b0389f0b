import type { SourceDiagnostic, SourceLanguage } from '../components/CodeEditor';
import type { LintFinding, TemplateContent } from '../api/views';

/** One editable source of a version: where it sits in the content, how to show it and how to put it back. */
export interface SourceField {
  readonly id: string;
  readonly pointer: string;
  readonly language: SourceLanguage;
  /** The label: a message key with values, or a literal. */
  readonly label: { readonly key: 'source.mjml' | 'source.subject' | 'source.pdf' | 'source.sms' | 'source.whatsapp' | 'source.catalog'; readonly values?: Record<string, string> };
  read(content: TemplateContent): string;
  /** The content with this source replaced; throws a SyntaxError when a JSON source does not parse. */
  write(content: TemplateContent, text: string): TemplateContent;
}

const asJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function sourcesOf(content: TemplateContent): SourceField[] {
  const fields: SourceField[] = [];
  const { email, pdf, sms, whatsapp } = content.channels;
  if (email) {
    fields.push({
      id: 'email-mjml',
      pointer: '/channels/email/mjml',
      language: 'html',
      label: { key: 'source.mjml' },
      read: (c) => c.channels.email!.mjml,
      write: (c, text) => ({ ...c, channels: { ...c.channels, email: { ...c.channels.email!, mjml: text } } }),
    });
    fields.push({
      id: 'email-subject',
      pointer: '/channels/email/subject',
      language: 'text',
      label: { key: 'source.subject' },
      read: (c) => c.channels.email!.subject,
      write: (c, text) => ({ ...c, channels: { ...c.channels, email: { ...c.channels.email!, subject: text } } }),
    });
  }
  if (pdf) {
    fields.push({
      id: 'pdf-html',
      pointer: '/channels/pdf/html',
      language: 'html',
      label: { key: 'source.pdf' },
      read: (c) => c.channels.pdf!.html,
      write: (c, text) => ({ ...c, channels: { ...c.channels, pdf: { ...c.channels.pdf!, html: text } } }),
    });
  }
  if (sms) {
    fields.push({
      id: 'sms-text',
      pointer: '/channels/sms/text',
      language: 'text',
      label: { key: 'source.sms' },
      read: (c) => c.channels.sms!.text,
      write: (c, text) => ({ ...c, channels: { ...c.channels, sms: { ...c.channels.sms!, text } } }),
    });
  }
  if (whatsapp) {
    fields.push({
      id: 'whatsapp',
      pointer: '/channels/whatsapp',
      language: 'json',
      label: { key: 'source.whatsapp' },
      read: (c) => asJson(c.channels.whatsapp),
      write: (c, text) => ({ ...c, channels: { ...c.channels, whatsapp: JSON.parse(text) } }),
    });
  }
  for (const language of Object.keys(content.messages)) {
    fields.push({
      id: `messages-${language}`,
      pointer: `/messages/${language}`,
      language: 'json',
      label: { key: 'source.catalog', values: { language } },
      read: (c) => asJson(c.messages[language]),
      write: (c, text) => ({ ...c, messages: { ...c.messages, [language]: JSON.parse(text) } }),
    });
  }
  return fields;
}

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** The findings that point into this source, placed at their line and column (or at the property they name). */
export function diagnosticsFor(field: SourceField, findings: readonly LintFinding[]): SourceDiagnostic[] {
  return findings
    .filter((f) => f.pointer === field.pointer || f.pointer.startsWith(`${field.pointer}/`))
    .map((f) => {
      const rest = f.pointer.slice(field.pointer.length).split('/').filter(Boolean).map(unescape);
      return {
        severity: f.severity,
        message: `${f.rule}: ${f.message}`,
        line: f.line,
        column: f.column,
        property: field.language === 'json' ? rest[rest.length - 1] : undefined,
      };
    });
}
