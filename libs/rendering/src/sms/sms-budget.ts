import { DomainError } from '@app/kernel';
import { SMS_BODY_MAX_CHARACTERS } from './sms-limits';
import type { SmsAnalysis } from './sms-segmenter';

export interface SmsBudgetOptions {
  /** JSON pointer of the text the analysis came from, for the error raised. */
  readonly pointer?: string;
}

/**
 * Refuses a message that would cost more segments than the template allows, or
 * that the provider would refuse outright, so the cost overrun or the dropped
 * message surfaces as an error at submit or render time rather than on an invoice.
 *
 * @throws DomainError `validation_failed` when the budget itself is not a positive integer.
 * @throws DomainError `limit_exceeded` naming the segments needed against the budget.
 */
export function enforceSmsBudget(analysis: SmsAnalysis, maxSegments: number, options: SmsBudgetOptions = {}): void {
  const pointer = options.pointer ?? '/channels/sms/text';
  if (!Number.isInteger(maxSegments) || maxSegments < 1) {
    const message = `maxSegments must be a positive integer, got ${maxSegments}`;
    throw new DomainError('validation_failed', message, [{ pointer: '/channels/sms/maxSegments', message }]);
  }
  const problems: string[] = [];
  if (analysis.text.length > SMS_BODY_MAX_CHARACTERS) {
    problems.push(`SMS body has ${analysis.text.length} characters, more than the ${SMS_BODY_MAX_CHARACTERS} the provider accepts`);
  }
  if (analysis.segments > maxSegments) {
    const unit = analysis.encoding === 'GSM-7' ? 'septets' : 'UCS-2 code units';
    problems.push(
      `SMS needs ${analysis.segments} segments (${analysis.encoding}, ${analysis.characters} ${unit}) but the budget is ${maxSegments}`,
    );
  }
  if (problems.length === 0) return;
  throw new DomainError(
    'limit_exceeded',
    problems.join('; '),
    problems.map((message) => ({ pointer, message })),
    {
      segments: analysis.segments,
      maxSegments,
      encoding: analysis.encoding,
      characters: analysis.characters,
      bodyLength: analysis.text.length,
      maxBodyLength: SMS_BODY_MAX_CHARACTERS,
    },
  );
}
