import { WHATSAPP_PARAMETER_MAX_CONSECUTIVE_SPACES } from './whatsapp-limits';

const CONSECUTIVE_SPACES = new RegExp(` {${WHATSAPP_PARAMETER_MAX_CONSECUTIVE_SPACES + 1},}`);

/**
 * Why Meta would refuse this text inside a parameter value, or undefined when
 * it would not. Also asked of the data a parameter is merged from, when a
 * document is accepted, so the refusal comes before anything is written.
 */
export function whatsAppParameterTextProblem(value: string): string | undefined {
  if (/[\r\n\t]/.test(value)) return 'contains a line break or tab';
  if (CONSECUTIVE_SPACES.test(value)) {
    return `contains more than ${WHATSAPP_PARAMETER_MAX_CONSECUTIVE_SPACES} consecutive spaces`;
  }
  return undefined;
}
