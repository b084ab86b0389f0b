import { enforceSmsBudget } from './sms-budget';
import { SMS_BODY_MAX_CHARACTERS } from './sms-limits';
import { analyzeSms } from './sms-segmenter';
import { domainErrorOf } from '../../../../test/support/domain-error-of';

describe('enforceSmsBudget', () => {
  it('accepts a message within its segment budget', () => {
    expect(() => enforceSmsBudget(analyzeSms('a'.repeat(306)), 2)).not.toThrow();
  });

  it('refuses a message over budget, naming segments against budget', () => {
    const error = domainErrorOf(() => enforceSmsBudget(analyzeSms('a'.repeat(307)), 2));
    expect(error.code).toBe('limit_exceeded');
    expect(error.message).toBe('SMS needs 3 segments (GSM-7, 307 septets) but the budget is 2');
    expect(error.errors).toEqual([{ pointer: '/channels/sms/text', message: error.message }]);
    expect(error.details).toMatchObject({ segments: 3, maxSegments: 2, encoding: 'GSM-7', characters: 307 });
  });

  it('names UCS-2 code units when a single character pushed the message out of GSM-7', () => {
    const error = domainErrorOf(() => enforceSmsBudget(analyzeSms('ç' + 'a'.repeat(70)), 1, { pointer: '/text' }));
    expect(error.message).toBe('SMS needs 2 segments (UCS-2, 71 UCS-2 code units) but the budget is 1');
    expect(error.errors[0].pointer).toBe('/text');
  });

  it('refuses a body longer than the provider accepts, whatever the budget', () => {
    expect(SMS_BODY_MAX_CHARACTERS).toBe(1600);
    expect(() => enforceSmsBudget(analyzeSms('a'.repeat(1600)), 20)).not.toThrow();
    const error = domainErrorOf(() => enforceSmsBudget(analyzeSms('a'.repeat(1601)), 20));
    expect(error.code).toBe('limit_exceeded');
    expect(error.message).toContain('1601 characters, more than the 1600');
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects a budget of %p as invalid', (budget) => {
    const error = domainErrorOf(() => enforceSmsBudget(analyzeSms('hi'), budget));
    expect(error.code).toBe('validation_failed');
    expect(error.errors[0].pointer).toBe('/channels/sms/maxSegments');
  });
});
