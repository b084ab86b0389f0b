import type { ActionLinkFormat, ActionPurpose } from '@app/actions';
import { checkWhatsAppDefinition } from '@app/rendering';
import type { TemplateContent } from '@app/contracts';
import { LintFinding, lintError, lintWarning, pointerSegment } from './lint-finding';

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
  findings.push(...askReplyRules(content));
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

/** What an ask quick reply carries: the document's ask token, which the reply brings back. */
export const ASK_REPLY_PAYLOAD = 'ask:{{actions.askPath}}';
/** A payload meant as an ask reply: `ask`, or `ask:` followed by anything. */
const ASK_LIKE = /^\s*ask\s*(?::|$)/i;

/**
 * A customer's "ask" reply must lead to their document's question, so its payload
 * is `ask:{{actions.askPath}}` (sent as `ask:<token>`): a bare `ask` reaches no
 * document, and any other spelling would not be recognised when the reply comes
 * back. An invoice, whose reader most often has a question, should offer one.
 */
function askReplyRules(content: TemplateContent): LintFinding[] {
  const whatsapp = content.channels.whatsapp!;
  const findings: LintFinding[] = [];
  let asks = 0;
  for (const [index, button] of whatsapp.buttons.entries()) {
    if (button.type !== 'quick_reply' || !ASK_LIKE.test(button.payload)) continue;
    if (button.payload.replace(/\s+/g, '') === ASK_REPLY_PAYLOAD) {
      asks += 1;
      continue;
    }
    findings.push(
      lintError(
        'whatsapp-ask-payload',
        `/channels/whatsapp/buttons/${index}/payload`,
        `an ask reply's payload must be "${ASK_REPLY_PAYLOAD}", so the reply names the document it asks about; "${button.payload}" names none`,
      ),
    );
  }
  if (content.kind === 'invoice' && asks === 0 && findings.length === 0) {
    findings.push(
      lintWarning(
        'whatsapp-ask-payload',
        '/channels/whatsapp/buttons',
        `an invoice's WhatsApp message has no quick reply with the payload "${ASK_REPLY_PAYLOAD}": the customer cannot ask about the bill from WhatsApp`,
      ),
    );
  }
  return findings;
}

/** A suffix that fills a URL button with the path of a platform action link. */
const ACTION_PATH = /\bactions\.(pay|ask)Path\b/;

/**
 * A URL button filled with an action link's path must be registered under the same
 * base as the platform's links (`CCM_PUBLIC_URL`/a/pay/), or WhatsApp opens another
 * host than the email's and PDF's buttons, usually one where the path means nothing.
 */
export function whatsAppButtonBaseRules(content: TemplateContent, links: ActionLinkFormat): LintFinding[] {
  const whatsapp = content.channels.whatsapp;
  if (!whatsapp) return [];
  const findings: LintFinding[] = [];
  for (const [index, button] of whatsapp.buttons.entries()) {
    if (button.type !== 'url' || !button.suffix) continue;
    const purpose = ACTION_PATH.exec(button.suffix)?.[1] as ActionPurpose | undefined;
    if (!purpose) continue;
    const registeredBase = button.url.replace(/\{\{1\}\}$/, '');
    const platformBase = links.base(purpose);
    if (registeredBase !== platformBase) {
      findings.push(
        lintWarning(
          'whatsapp-button-base',
          `/channels/whatsapp/buttons/${index}/url`,
          `the button is registered under "${registeredBase}" but the platform's ${purpose} links start with "${platformBase}" (CCM_PUBLIC_URL): WhatsApp would open another address than the email and PDF`,
        ),
      );
    }
  }
  return findings;
}
