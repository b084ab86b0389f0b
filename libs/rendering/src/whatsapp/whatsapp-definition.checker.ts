import { type WhatsAppFinding, pointerSegment } from './whatsapp-finding';
import { isKnownWhatsAppLanguageCode, whatsAppLanguageCode } from './whatsapp-language';
import {
  E164_PHONE_NUMBER_PATTERN,
  WHATSAPP_BODY_MAX_CHARS,
  WHATSAPP_BUTTON_LABEL_MAX_CHARS,
  WHATSAPP_COPY_CODE_MAX_CHARS,
  WHATSAPP_FOOTER_MAX_CHARS,
  WHATSAPP_HEADER_MAX_CHARS,
  WHATSAPP_HEADER_MAX_PARAMETERS,
  WHATSAPP_MAX_BUTTONS,
  WHATSAPP_MAX_COPY_CODE_BUTTONS,
  WHATSAPP_MAX_PHONE_BUTTONS,
  WHATSAPP_MAX_QUICK_REPLY_BUTTONS,
  WHATSAPP_MAX_URL_BUTTONS,
  WHATSAPP_PARAMETER_NAME_PATTERN,
  WHATSAPP_TEMPLATE_NAME_MAX_CHARS,
  WHATSAPP_TEMPLATE_NAME_PATTERN,
  WHATSAPP_URL_MAX_CHARS,
  WHATSAPP_URL_VARIABLE,
} from './whatsapp-limits';
import { distinctPlaceholders, placeholdersIn } from './whatsapp-placeholders';
import type { WhatsAppTemplateButton, WhatsAppTemplateDefinition } from './whatsapp-template.types';
import { promotionalWordsIn } from './promotional-wording';

export interface WhatsAppCheckOptions {
  /** JSON pointer of the WhatsApp content inside the document being checked. */
  readonly pointer?: string;
}

export const DEFAULT_WHATSAPP_POINTER = '/channels/whatsapp';

type ButtonType = WhatsAppTemplateButton['type'];

const BUTTON_TYPE_LIMITS: ReadonlyArray<readonly [ButtonType, number, string]> = [
  ['url', WHATSAPP_MAX_URL_BUTTONS, 'URL'],
  ['phone_number', WHATSAPP_MAX_PHONE_BUTTONS, 'phone number'],
  ['quick_reply', WHATSAPP_MAX_QUICK_REPLY_BUTTONS, 'quick reply'],
  ['copy_code', WHATSAPP_MAX_COPY_CODE_BUTTONS, 'copy code'],
];

/** Meta refuses a body that opens or closes on a variable. */
const LEADING_VARIABLE = /^\s*\{\{[^{}]*\}\}/;
const TRAILING_VARIABLE = /\{\{[^{}]*\}\}\s*$/;

/**
 * Everything about a WhatsApp template that can be checked before any data is
 * known: Meta's limits, named parameters declared and used consistently in
 * every locale, one label per button in every locale, and — for `utility`
 * templates — wording that would get the template re-categorised as marketing.
 *
 * Errors are what Meta would refuse; warnings are what it would accept but
 * probably should not be there.
 */
export function checkWhatsAppDefinition(
  content: WhatsAppTemplateDefinition,
  options: WhatsAppCheckOptions = {},
): WhatsAppFinding[] {
  const base = options.pointer ?? DEFAULT_WHATSAPP_POINTER;
  const findings = new Findings();
  checkName(content, base, findings);
  checkParameters(content, base, findings);
  checkButtons(content, base, findings);
  checkLocales(content, base, findings);
  return findings.list;
}

class Findings {
  readonly list: WhatsAppFinding[] = [];

  error(pointer: string, message: string): void {
    this.list.push({ severity: 'error', pointer, message, code: 'validation_failed' });
  }

  limit(pointer: string, message: string): void {
    this.list.push({ severity: 'error', pointer, message, code: 'limit_exceeded' });
  }

  warn(pointer: string, message: string): void {
    this.list.push({ severity: 'warning', pointer, message, code: 'validation_failed' });
  }
}

function checkName(content: WhatsAppTemplateDefinition, base: string, findings: Findings): void {
  const at = `${base}/name`;
  if (!WHATSAPP_TEMPLATE_NAME_PATTERN.test(content.name)) {
    findings.error(at, `template name "${content.name}" may only hold lowercase letters, digits and "_"`);
  }
  if (content.name.length > WHATSAPP_TEMPLATE_NAME_MAX_CHARS) {
    findings.limit(at, `template name has ${content.name.length} characters, more than ${WHATSAPP_TEMPLATE_NAME_MAX_CHARS}`);
  }
}

function checkParameters(content: WhatsAppTemplateDefinition, base: string, findings: Findings): void {
  const used = new Set<string>();
  for (const locale of Object.values(content.locales)) {
    for (const text of [locale.header ?? '', locale.body]) distinctPlaceholders(text).forEach((name) => used.add(name));
  }
  for (const [name, expression] of Object.entries(content.parameters)) {
    const at = `${base}/parameters/${pointerSegment(name)}`;
    if (!WHATSAPP_PARAMETER_NAME_PATTERN.test(name)) {
      findings.error(at, `parameter name "${name}" may only hold lowercase letters, digits and "_", and not start with a digit`);
    }
    if (expression.trim() === '') findings.error(at, `parameter "${name}" has no expression for its value`);
    if (!used.has(name)) findings.error(at, `parameter "${name}" is declared but no locale uses it`);
  }
}

function checkButtons(content: WhatsAppTemplateDefinition, base: string, findings: Findings): void {
  const buttons = content.buttons;
  if (buttons.length > WHATSAPP_MAX_BUTTONS) {
    findings.limit(`${base}/buttons`, `template has ${buttons.length} buttons, more than ${WHATSAPP_MAX_BUTTONS}`);
  }
  for (const [type, max, label] of BUTTON_TYPE_LIMITS) {
    const indexes = buttons.flatMap((button, index) => (button.type === type ? [index] : []));
    if (indexes.length > max) {
      findings.limit(
        `${base}/buttons/${indexes[max]}`,
        `template has ${indexes.length} ${label} buttons, more than ${max}`,
      );
    }
  }
  checkQuickRepliesGrouped(buttons, base, findings);
  buttons.forEach((button, index) => checkButton(button, `${base}/buttons/${index}`, content, findings));
}

/** Meta requires quick replies to sit together, before or after the call-to-action buttons. */
function checkQuickRepliesGrouped(buttons: readonly WhatsAppTemplateButton[], base: string, findings: Findings): void {
  const first = buttons.findIndex((button) => button.type === 'quick_reply');
  if (first < 0) return;
  const last = buttons.map((button) => button.type).lastIndexOf('quick_reply');
  for (let index = first + 1; index < last; index += 1) {
    if (buttons[index].type !== 'quick_reply') {
      findings.error(
        `${base}/buttons/${index}`,
        `quick reply buttons must be grouped together; this ${buttons[index].type} button sits between them`,
      );
    }
  }
}

function checkButton(
  button: WhatsAppTemplateButton,
  at: string,
  content: WhatsAppTemplateDefinition,
  findings: Findings,
): void {
  switch (button.type) {
    case 'url':
      checkUrlButton(button.url, button.suffix, at, findings);
      return;
    case 'phone_number':
      if (!E164_PHONE_NUMBER_PATTERN.test(button.phoneNumber)) {
        findings.error(`${at}/phoneNumber`, `phone number "${button.phoneNumber}" is not in E.164 form (+ country code and number)`);
      }
      return;
    case 'quick_reply':
      if (button.payload.trim() === '') findings.error(`${at}/payload`, 'quick reply payload is empty, so a reply could not be told apart');
      return;
    case 'copy_code':
      if (button.example.trim() === '') findings.error(`${at}/example`, 'copy code is empty');
      if (button.example.length > WHATSAPP_COPY_CODE_MAX_CHARS) {
        findings.limit(`${at}/example`, `copy code has ${button.example.length} characters, more than ${WHATSAPP_COPY_CODE_MAX_CHARS}`);
      }
      if (content.category === 'utility') {
        findings.warn(at, 'a copy-code button carries an offer code, which makes Meta re-categorise a utility template as marketing');
      }
      return;
  }
}

function checkUrlButton(url: string, suffix: string | undefined, at: string, findings: Findings): void {
  if (url.length > WHATSAPP_URL_MAX_CHARS) {
    findings.limit(`${at}/url`, `URL has ${url.length} characters, more than ${WHATSAPP_URL_MAX_CHARS}`);
  }
  const variables = placeholdersIn(url);
  if (variables.length === 0) {
    findings.error(`${at}/url`, `URL must end with the variable ${WHATSAPP_URL_VARIABLE}, filled per message`);
  } else if (variables.length > 1) {
    findings.error(`${at}/url`, `URL may hold one variable, found ${variables.length}`);
  } else if (!url.endsWith(WHATSAPP_URL_VARIABLE)) {
    findings.error(`${at}/url`, `URL variable must be ${WHATSAPP_URL_VARIABLE}, at the very end of the URL`);
  }
  const fixedPart = url.slice(0, url.indexOf('{{') < 0 ? url.length : url.indexOf('{{'));
  if (!isWebAddress(fixedPart)) {
    findings.error(`${at}/url`, `URL must start with http:// or https:// and a host before its variable, got "${fixedPart}"`);
  }
  if (suffix === undefined || suffix.trim() === '') {
    findings.error(`${at}/suffix`, 'URL button has no suffix expression to fill its variable');
  }
}

function isWebAddress(candidate: string): boolean {
  if (!/^https?:\/\/[^/?#]+/i.test(candidate)) return false;
  try {
    return new URL(candidate).hostname !== '';
  } catch {
    return false;
  }
}

function checkLocales(content: WhatsAppTemplateDefinition, base: string, findings: Findings): void {
  const tags = Object.keys(content.locales);
  if (tags.length === 0) {
    findings.error(`${base}/locales`, 'template has no locale');
    return;
  }
  const declared = new Set(Object.keys(content.parameters));
  for (const tag of tags) {
    const at = `${base}/locales/${pointerSegment(tag)}`;
    const locale = content.locales[tag];
    checkLanguage(tag, at, findings);

    if (locale.header !== undefined) checkHeader(locale.header, `${at}/header`, findings);
    checkBody(locale.body, `${at}/body`, findings);
    if (locale.footer !== undefined) checkFooter(locale.footer, `${at}/footer`, findings);

    const usedHere = new Set<string>();
    for (const [field, text] of [['header', locale.header], ['body', locale.body]] as const) {
      if (text === undefined) continue;
      for (const name of distinctPlaceholders(text)) {
        usedHere.add(name);
        if (!WHATSAPP_PARAMETER_NAME_PATTERN.test(name)) {
          findings.error(`${at}/${field}`, `"{{${name}}}" is not a named parameter (lowercase letters, digits and "_", no spaces)`);
        } else if (!declared.has(name)) {
          findings.error(`${at}/${field}`, `parameter "{{${name}}}" is used but not declared in parameters`);
        }
      }
    }
    for (const name of declared) {
      if (!usedHere.has(name)) findings.warn(at, `declared parameter "${name}" does not appear in this locale`);
    }

    checkLabels(locale.buttonLabels, content.buttons.length, `${at}/buttonLabels`, findings);
    if (content.category === 'utility') checkWording(locale, at, findings);
  }
}

function checkLanguage(tag: string, at: string, findings: Findings): void {
  let code: string;
  try {
    code = whatsAppLanguageCode(tag);
  } catch {
    findings.error(at, `"${tag}" is not a locale tag`);
    return;
  }
  if (!isKnownWhatsAppLanguageCode(code)) {
    findings.warn(at, `locale "${tag}" maps to "${code}", which Meta does not list as a template language`);
  }
}

function checkHeader(header: string, at: string, findings: Findings): void {
  if (header.trim() === '') findings.error(at, 'header is empty; leave it out instead');
  if (header.length > WHATSAPP_HEADER_MAX_CHARS) {
    findings.limit(at, `header has ${header.length} characters, more than ${WHATSAPP_HEADER_MAX_CHARS}`);
  }
  const parameters = placeholdersIn(header).length;
  if (parameters > WHATSAPP_HEADER_MAX_PARAMETERS) {
    findings.limit(at, `header has ${parameters} parameters, more than ${WHATSAPP_HEADER_MAX_PARAMETERS}`);
  }
  if (/[\r\n]/.test(header)) findings.error(at, 'header cannot span several lines');
}

function checkBody(body: string, at: string, findings: Findings): void {
  if (body.trim() === '') findings.error(at, 'body is empty');
  if (body.length > WHATSAPP_BODY_MAX_CHARS) {
    findings.limit(at, `body has ${body.length} characters before its parameters are filled, more than ${WHATSAPP_BODY_MAX_CHARS}`);
  }
  if (LEADING_VARIABLE.test(body) || TRAILING_VARIABLE.test(body)) {
    findings.error(at, 'body cannot start or end with a parameter');
  }
}

function checkFooter(footer: string, at: string, findings: Findings): void {
  if (footer.trim() === '') findings.error(at, 'footer is empty; leave it out instead');
  if (footer.length > WHATSAPP_FOOTER_MAX_CHARS) {
    findings.limit(at, `footer has ${footer.length} characters, more than ${WHATSAPP_FOOTER_MAX_CHARS}`);
  }
  if (placeholdersIn(footer).length > 0) findings.error(at, 'footer cannot hold parameters');
}

function checkLabels(labels: readonly string[], buttons: number, at: string, findings: Findings): void {
  if (labels.length !== buttons) {
    findings.error(at, `locale has ${labels.length} button labels for ${buttons} buttons`);
  }
  labels.forEach((label, index) => {
    const labelAt = `${at}/${index}`;
    if (label.trim() === '') findings.error(labelAt, 'button label is empty');
    if (label.length > WHATSAPP_BUTTON_LABEL_MAX_CHARS) {
      findings.limit(labelAt, `button label has ${label.length} characters, more than ${WHATSAPP_BUTTON_LABEL_MAX_CHARS}`);
    }
    if (placeholdersIn(label).length > 0) findings.error(labelAt, 'button labels cannot hold parameters');
  });
}

function checkWording(
  locale: WhatsAppTemplateDefinition['locales'][string],
  at: string,
  findings: Findings,
): void {
  const texts: Array<[string, string | undefined]> = [
    ['header', locale.header],
    ['body', locale.body],
    ['footer', locale.footer],
    ...locale.buttonLabels.map((label, index): [string, string] => [`buttonLabels/${index}`, label]),
  ];
  for (const [field, text] of texts) {
    if (text === undefined) continue;
    const words = promotionalWordsIn(text);
    if (words.length > 0) {
      findings.warn(
        `${at}/${field}`,
        `utility text looks promotional (${words.join(', ')}); Meta re-categorises such templates as marketing`,
      );
    }
  }
}
