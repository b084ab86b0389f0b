import type { WhatsAppButton, WhatsAppContent } from '@app/contracts';

/**
 * Meta's copy-code button: the code in `example` is copied to the clipboard.
 * The stored content model does not offer it (an offer code has no place in a
 * utility message), but a definition may still carry one and must be checked.
 */
export interface WhatsAppCopyCodeButton {
  readonly type: 'copy_code';
  readonly example: string;
}

export type WhatsAppTemplateButton = WhatsAppButton | WhatsAppCopyCodeButton;

/** A WhatsApp template definition: the stored `WhatsAppContent`, whose buttons may also be copy-code. */
export interface WhatsAppTemplateDefinition extends Omit<WhatsAppContent, 'buttons'> {
  readonly buttons: readonly WhatsAppTemplateButton[];
}
