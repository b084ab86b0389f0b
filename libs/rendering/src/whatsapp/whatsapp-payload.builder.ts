import { DomainError } from '@app/kernel';
import { DEFAULT_WHATSAPP_POINTER, checkWhatsAppDefinition } from './whatsapp-definition.checker';
import { type WhatsAppFinding, pointerSegment } from './whatsapp-finding';
import { whatsAppLanguageCode } from './whatsapp-language';
import {
  E164_PHONE_NUMBER_PATTERN,
  WHATSAPP_BODY_MAX_CHARS,
  WHATSAPP_COPY_CODE_MAX_CHARS,
  WHATSAPP_HEADER_MAX_CHARS,
  WHATSAPP_URL_MAX_CHARS,
  WHATSAPP_URL_VARIABLE,
} from './whatsapp-limits';
import { whatsAppParameterTextProblem } from './whatsapp-parameter-value';
import { distinctPlaceholders, fillPlaceholders } from './whatsapp-placeholders';
import type { WhatsAppTemplateDefinition } from './whatsapp-template.types';

export interface WhatsAppMessageInput {
  readonly content: WhatsAppTemplateDefinition;
  /** A key of `content.locales`, e.g. `en`, `ar`, `zh`. */
  readonly language: string;
  /** Recipient in E.164 form, e.g. `+966501234567`. */
  readonly to: string;
  /** Value of each named parameter, already merged from its expression. */
  readonly parameterValues: Readonly<Record<string, string>>;
  /** Value appended to each URL button's URL, in the order of the URL buttons. */
  readonly buttonSuffixes?: readonly string[];
  /**
   * Payload of each quick-reply button, already merged from its `payload`
   * source (`ask:{{actions.askPath}}` becomes `ask:<token>`), in the order of
   * the quick-reply buttons; a button without one sends its `payload` as written.
   */
  readonly buttonPayloads?: readonly string[];
  /** Code for a copy-code button, when the template has one. */
  readonly couponCode?: string;
  /** JSON pointer of the WhatsApp content, for findings about the template. */
  readonly pointer?: string;
}

export interface WhatsAppNamedTextParameter {
  readonly type: 'text';
  readonly parameter_name: string;
  readonly text: string;
}

export type WhatsAppSendComponent =
  | { readonly type: 'header'; readonly parameters: readonly WhatsAppNamedTextParameter[] }
  | { readonly type: 'body'; readonly parameters: readonly WhatsAppNamedTextParameter[] }
  | {
      readonly type: 'button';
      readonly sub_type: 'url';
      readonly index: string;
      readonly parameters: readonly [{ readonly type: 'text'; readonly text: string }];
    }
  | {
      readonly type: 'button';
      readonly sub_type: 'quick_reply';
      readonly index: string;
      readonly parameters: readonly [{ readonly type: 'payload'; readonly payload: string }];
    }
  | {
      readonly type: 'button';
      readonly sub_type: 'copy_code';
      readonly index: string;
      readonly parameters: readonly [{ readonly type: 'coupon_code'; readonly coupon_code: string }];
    };

/** Body of `POST /{PHONE_NUMBER_ID}/messages` for a template message (Cloud API). */
export interface WhatsAppSendPayload {
  readonly messaging_product: 'whatsapp';
  readonly recipient_type: 'individual';
  /** Digits only: the Cloud API takes the number without its `+`. */
  readonly to: string;
  readonly type: 'template';
  readonly template: {
    readonly name: string;
    readonly language: { readonly code: string };
    readonly components: readonly WhatsAppSendComponent[];
  };
}

export interface WhatsAppMessage {
  readonly payload: WhatsAppSendPayload;
  /** The texts as the recipient will read them. */
  readonly filled: { readonly header?: string; readonly body: string; readonly footer?: string };
  /** Problems of the template (for this locale) and of this message's data; pass to `assertSendable`. */
  readonly findings: readonly WhatsAppFinding[];
}

/**
 * Builds the Cloud API send body for one template message, with the texts as
 * they will read once Meta fills them, and every reason Meta would refuse it.
 *
 * A message is built even when findings hold errors, so the caller can show
 * or store what was attempted; `assertSendable(findings)` must pass before it
 * is sent. Uses named parameters: each one is sent once, by `parameter_name`,
 * in the order it first appears. Components without parameters are left out,
 * as the Cloud API only wants the variable parts.
 *
 * @throws DomainError `validation_failed` when the template has no such locale.
 */
export function buildWhatsAppMessage(input: WhatsAppMessageInput): WhatsAppMessage {
  const { content, language, to, parameterValues } = input;
  const buttonSuffixes = input.buttonSuffixes ?? [];
  const base = input.pointer ?? DEFAULT_WHATSAPP_POINTER;
  const localeAt = `${base}/locales/${pointerSegment(language)}`;
  const locale = Object.hasOwn(content.locales, language) ? content.locales[language] : undefined;
  if (!locale) {
    const message = `WhatsApp template "${content.name}" has no locale "${language}"`;
    throw new DomainError('validation_failed', message, [{ pointer: localeAt, message }]);
  }
  const code = whatsAppLanguageCode(language);

  const findings: WhatsAppFinding[] = definitionFindingsFor(content, base, localeAt);
  const error = (pointer: string, message: string) =>
    findings.push({ severity: 'error', pointer, message, code: 'validation_failed' });
  const limit = (pointer: string, message: string) =>
    findings.push({ severity: 'error', pointer, message, code: 'limit_exceeded' });
  const warn = (pointer: string, message: string) =>
    findings.push({ severity: 'warning', pointer, message, code: 'validation_failed' });

  if (!E164_PHONE_NUMBER_PATTERN.test(to)) {
    error('/to', `recipient "${to}" is not an E.164 number (+ country code and number, digits only)`);
  }

  // Values: each parameter the texts use is checked once, however often it appears.
  const used = distinctPlaceholders(`${locale.header ?? ''}\n${locale.body}`);
  for (const name of used) {
    const value = parameterValues[name];
    const at = `/parameterValues/${pointerSegment(name)}`;
    if (value === undefined) {
      error(at, `no value for parameter "${name}"`);
      continue;
    }
    const problem = parameterValueProblem(value);
    if (problem) error(at, `value of parameter "${name}" ${problem}`);
  }
  const valueOf = (name: string) => parameterValues[name] ?? '';
  const toParameters = (text: string): WhatsAppNamedTextParameter[] =>
    distinctPlaceholders(text).map((name) => ({ type: 'text', parameter_name: name, text: valueOf(name) }));

  const components: WhatsAppSendComponent[] = [];
  let header: string | undefined;
  if (locale.header !== undefined) {
    header = fillPlaceholders(locale.header, valueOf);
    if (header.length > WHATSAPP_HEADER_MAX_CHARS) {
      limit(`${localeAt}/header`, `header has ${header.length} characters once filled, more than ${WHATSAPP_HEADER_MAX_CHARS}`);
    }
    const parameters = toParameters(locale.header);
    if (parameters.length > 0) components.push({ type: 'header', parameters });
  }

  const body = fillPlaceholders(locale.body, valueOf);
  if (body.length > WHATSAPP_BODY_MAX_CHARS) {
    limit(
      `${localeAt}/body`,
      `body has ${body.length} characters once filled, more than ${WHATSAPP_BODY_MAX_CHARS}${longestValueNote(used, valueOf)}`,
    );
  }
  const bodyParameters = toParameters(locale.body);
  if (bodyParameters.length > 0) components.push({ type: 'body', parameters: bodyParameters });

  let urlButtons = 0;
  let quickReplies = 0;
  content.buttons.forEach((button, index) => {
    const buttonIndex = String(index);
    switch (button.type) {
      case 'url': {
        const at = `/buttonSuffixes/${urlButtons}`;
        const suffix = buttonSuffixes[urlButtons];
        urlButtons += 1;
        if (!button.url.includes(WHATSAPP_URL_VARIABLE)) return;
        if (suffix === undefined) {
          error(at, `no suffix for URL button ${index}`);
        } else {
          const problem = parameterValueProblem(suffix);
          if (problem) error(at, `suffix of URL button ${index} ${problem}`);
          const url = button.url.replace(WHATSAPP_URL_VARIABLE, suffix);
          if (url.length > WHATSAPP_URL_MAX_CHARS) {
            limit(at, `URL of button ${index} has ${url.length} characters once filled, more than ${WHATSAPP_URL_MAX_CHARS}`);
          }
        }
        components.push({
          type: 'button',
          sub_type: 'url',
          index: buttonIndex,
          parameters: [{ type: 'text', text: suffix ?? '' }],
        });
        return;
      }
      case 'quick_reply': {
        const payload = input.buttonPayloads?.[quickReplies] ?? button.payload;
        // The reply brings the payload back: empty, it could not be told from any other reply.
        if (payload.trim() === '') error(`/buttonPayloads/${quickReplies}`, `payload of quick-reply button ${index} is empty`);
        quickReplies += 1;
        components.push({
          type: 'button',
          sub_type: 'quick_reply',
          index: buttonIndex,
          parameters: [{ type: 'payload', payload }],
        });
        return;
      }
      case 'copy_code': {
        const coupon = input.couponCode;
        if (coupon === undefined || coupon.trim() === '') {
          error('/couponCode', `no code for copy-code button ${index}`);
        } else if (coupon.length > WHATSAPP_COPY_CODE_MAX_CHARS) {
          limit('/couponCode', `code has ${coupon.length} characters, more than ${WHATSAPP_COPY_CODE_MAX_CHARS}`);
        }
        components.push({
          type: 'button',
          sub_type: 'copy_code',
          index: buttonIndex,
          parameters: [{ type: 'coupon_code', coupon_code: coupon ?? '' }],
        });
        return;
      }
      case 'phone_number':
        // Fixed at registration: nothing to send.
        return;
    }
  });
  if (buttonSuffixes.length > urlButtons) {
    warn('/buttonSuffixes', `${buttonSuffixes.length} suffixes given for ${urlButtons} URL buttons; the extra ones are ignored`);
  }

  return {
    payload: {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: to.replace(/\D/g, ''),
      type: 'template',
      template: { name: content.name, language: { code }, components },
    },
    filled: {
      ...(header !== undefined ? { header } : {}),
      body,
      ...(locale.footer !== undefined ? { footer: locale.footer } : {}),
    },
    findings,
  };
}

/** Why Meta would refuse this parameter value, or undefined when it would not. */
function parameterValueProblem(value: string): string | undefined {
  if (value.trim() === '') return 'is empty';
  return whatsAppParameterTextProblem(value);
}

/** Names the longest value, which is usually the one to shorten. */
function longestValueNote(names: readonly string[], valueOf: (name: string) => string): string {
  const longest = [...names].sort((a, b) => valueOf(b).length - valueOf(a).length)[0];
  return longest === undefined ? '' : ` (longest value: "${longest}", ${valueOf(longest).length} characters)`;
}

/** Template findings that concern every locale or this one; other locales do not stop this message. */
function definitionFindingsFor(content: WhatsAppTemplateDefinition, base: string, localeAt: string): WhatsAppFinding[] {
  const localesAt = `${base}/locales/`;
  return definitionFindingsOf(content, base).filter(
    ({ pointer }) => !pointer.startsWith(localesAt) || pointer === localeAt || pointer.startsWith(`${localeAt}/`),
  );
}

/**
 * The definition's own findings, kept per definition object and pointer. They depend on the
 * definition alone, and a published version's content is read once and shared by every document
 * that renders it (`TemplateRepository` keeps it; a draft's is read afresh each time, so an edit
 * is checked again). Checked at every message, every locale's wording (regular expressions over
 * each text) came to about 7 % of what a billing run's worker allocated.
 */
const definitionFindings = new WeakMap<WhatsAppTemplateDefinition, Map<string, readonly WhatsAppFinding[]>>();

function definitionFindingsOf(content: WhatsAppTemplateDefinition, base: string): readonly WhatsAppFinding[] {
  let byPointer = definitionFindings.get(content);
  if (!byPointer) {
    byPointer = new Map();
    definitionFindings.set(content, byPointer);
  }
  const known = byPointer.get(base);
  if (known) return known;
  // Frozen: every message of this definition shares them, so none may change them for the others.
  const findings = Object.freeze(checkWhatsAppDefinition(content, { pointer: base }).map((finding) => Object.freeze(finding)));
  byPointer.set(base, findings);
  return findings;
}
