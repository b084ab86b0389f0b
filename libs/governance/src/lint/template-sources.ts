import type { BlockFormat, Channel, TemplateContent } from '@app/contracts';
import { pointerSegment } from './lint-finding';

/** One Handlebars source inside a version, with where it sits and how it is escaped. */
export interface TemplateSource {
  readonly pointer: string;
  readonly channel: Channel;
  readonly source: string;
  readonly escape: 'html' | 'none';
  /** Part of what the recipient reads as the message body (not a subject or a parameter). */
  readonly body: boolean;
  /** Which source of a locked block `{{> name}}` includes here. */
  readonly format: BlockFormat;
}

/** Every merge source of a version, channel by channel. */
export function templateSources(content: TemplateContent): TemplateSource[] {
  const sources: TemplateSource[] = [];
  const { email, pdf, sms, whatsapp } = content.channels;
  if (email) {
    sources.push({ pointer: '/channels/email/subject', channel: 'email', source: email.subject, escape: 'none', body: false, format: 'text' });
    sources.push({ pointer: '/channels/email/mjml', channel: 'email', source: email.mjml, escape: 'html', body: true, format: 'mjml' });
    sources.push({ pointer: '/channels/email/text', channel: 'email', source: email.text, escape: 'none', body: true, format: 'text' });
  }
  if (pdf) sources.push({ pointer: '/channels/pdf/html', channel: 'pdf', source: pdf.html, escape: 'html', body: true, format: 'html' });
  if (sms) sources.push({ pointer: '/channels/sms/text', channel: 'sms', source: sms.text, escape: 'none', body: true, format: 'text' });
  if (whatsapp) {
    for (const [name, expression] of Object.entries(whatsapp.parameters)) {
      sources.push({
        pointer: `/channels/whatsapp/parameters/${pointerSegment(name)}`,
        channel: 'whatsapp',
        source: expression,
        escape: 'none',
        body: true,
        format: 'text',
      });
    }
    whatsapp.buttons.forEach((button, index) => {
      if (button.type === 'url' && button.suffix) {
        sources.push({ pointer: `/channels/whatsapp/buttons/${index}/suffix`, channel: 'whatsapp', source: button.suffix, escape: 'none', body: false, format: 'text' });
      }
      if (button.type === 'quick_reply') {
        sources.push({ pointer: `/channels/whatsapp/buttons/${index}/payload`, channel: 'whatsapp', source: button.payload, escape: 'none', body: false, format: 'text' });
      }
    });
  }
  return sources;
}
