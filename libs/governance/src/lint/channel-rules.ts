import { checkWhatsAppDefinition } from '@app/rendering';
import type { TemplateContent } from '@app/contracts';
import { LintFinding, lintError, pointerSegment } from './lint-finding';

/** An alphanumeric sender ID (at most 11 characters, at least one letter) or an E.164 number. */
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const NUMERIC_SENDER = /^\+?[1-9]\d{2,14}$/;

/** SMS names its sender in a form carriers accept. */
export function smsRules(content: TemplateContent): LintFinding[] {
  const sms = content.channels.sms;
  if (!sms) return [];
  if (!sms.sender.trim()) return [lintError('sms-sender', '/channels/sms/sender', 'SMS must name its sender')];
  if (!ALPHANUMERIC_SENDER.test(sms.sender) && !NUMERIC_SENDER.test(sms.sender)) {
    return [
      lintError('sms-sender', '/channels/sms/sender', `sender "${sms.sender}" is neither an alphanumeric sender ID (1–11 letters, digits, spaces) nor a phone number`),
    ];
  }
  return [];
}

/** Meta's limits and rules for the template definition, plus a text for every locale of the version. */
export function whatsAppRules(content: TemplateContent): LintFinding[] {
  const whatsapp = content.channels.whatsapp;
  if (!whatsapp) return [];
  const findings: LintFinding[] = checkWhatsAppDefinition(whatsapp).map((finding) => ({
    severity: finding.severity,
    rule: finding.code === 'limit_exceeded' ? 'whatsapp-limit' : 'whatsapp-definition',
    pointer: finding.pointer,
    message: finding.message,
  }));
  for (const locale of content.locales) {
    if (!whatsapp.locales[locale]) {
      findings.push(lintError('whatsapp-definition', `/channels/whatsapp/locales/${pointerSegment(locale)}`, `locale "${locale}" has no WhatsApp text`));
    }
  }
  if (whatsapp.category !== 'marketing') {
    // Offers never ride in utility or authentication messages: such a template may not be marketing.
    for (const [index, button] of whatsapp.buttons.entries()) {
      if ((button as { type: string }).type === 'copy_code') {
        findings.push(lintError('whatsapp-no-offer', `/channels/whatsapp/buttons/${index}`, `a ${whatsapp.category} template carries no offer code`));
      }
    }
  }
  return findings;
}
