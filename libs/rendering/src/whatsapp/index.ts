export * from './whatsapp-limits';
export { whatsAppParameterTextProblem } from './whatsapp-parameter-value';
export type { WhatsAppCopyCodeButton, WhatsAppTemplateButton, WhatsAppTemplateDefinition } from './whatsapp-template.types';
export { assertSendable, type WhatsAppFinding } from './whatsapp-finding';
export { WHATSAPP_LANGUAGE_CODES, isKnownWhatsAppLanguageCode, whatsAppLanguageCode } from './whatsapp-language';
export { checkWhatsAppDefinition, type WhatsAppCheckOptions } from './whatsapp-definition.checker';
export {
  buildWhatsAppMessage,
  type WhatsAppMessage,
  type WhatsAppMessageInput,
  type WhatsAppNamedTextParameter,
  type WhatsAppSendComponent,
  type WhatsAppSendPayload,
} from './whatsapp-payload.builder';
