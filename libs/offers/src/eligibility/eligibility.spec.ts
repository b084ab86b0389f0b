import { contractDeclares } from './contract-declares';
import { eligibilityContext } from './eligibility-context';
import { evaluateEligibility, operatorErrors, pathProblem, varUses } from './eligibility-rule';
import { explainEligibility } from './explain-eligibility';

const CONTRACT = {
  type: 'object',
  $defs: { text: { type: 'string' } },
  properties: {
    account: { type: 'object', properties: { plan: { $ref: '#/$defs/text' } } },
    invoice: { type: 'object', properties: { amountDue: { type: 'string' }, lines: { type: 'array', items: { type: 'object', properties: { amount: { type: 'string' } } } } } },
  },
};

const context = (plan: string, amountDue: string) =>
  eligibilityContext(
    { recipient: { customerId: 'C-1', name: 'Jordan' }, data: { account: { plan }, invoice: { amountDue, dueDate: '2026-11-15' } }, locale: 'en-US', type: 'invoice' },
    new Date('2026-11-10T12:00:00Z'),
  );

describe('eligibility rules', () => {
  const rule = { and: [{ '==': [{ var: 'data.account.plan' }, 'Fiber 100'] }, { '<': [{ var: 'derived.amountDue' }, 100] }] };

  it('finds every var that reads the context, with where it sits, but not the items of map or filter', () => {
    expect(varUses(rule)).toEqual([
      { path: 'data.account.plan', pointer: '/and/0/==/0/var' },
      { path: 'derived.amountDue', pointer: '/and/1/</0/var' },
    ]);
    expect(varUses({ some: [{ var: 'data.invoice.lines' }, { '>': [{ var: 'amount' }, 10] }] })).toEqual([{ path: 'data.invoice.lines', pointer: '/some/0/var' }]);
  });

  it('knows which paths exist: the data contract, the recipient, document and derived vocabulary', () => {
    const declares = (segments: readonly string[]) => contractDeclares(CONTRACT, segments);
    expect(pathProblem('data.account.plan', declares)).toBeNull();
    expect(pathProblem('data.invoice.lines.0.amount', declares)).toBeNull();
    expect(pathProblem('derived.daysToDue', declares)).toBeNull();
    expect(pathProblem('recipient.consents.marketing', declares)).toBeNull();
    expect(pathProblem('data.account.tier', declares)).toMatch(/"data.account.tier" is not in the data contract/);
    expect(pathProblem('derived.balance', declares)).toMatch(/not one of derived.daysToDue, derived.amountDue/);
    expect(pathProblem('process.env', declares)).toMatch(/reads neither/);
  });

  it('refuses operators json-logic-js would not evaluate, at their pointer', () => {
    expect(operatorErrors({ and: [{ eval: ['1'] }] })).toEqual([{ pointer: '/eligibility/and/0/eval', message: expect.stringContaining('"eval"') }]);
    expect(operatorErrors(rule)).toEqual([]);
  });

  it('derives the amount due as a number and the days to the due date', () => {
    expect(context('Fiber 100', '120.50').derived).toEqual({ amountDue: 120.5, daysToDue: 5 });
  });

  it('explains in words which conditions held and what the data was', () => {
    expect(explainEligibility(rule, context('Fiber 100', '120.50'))).toMatchObject({ eligible: false, summary: 'plan = Fiber 100 ✓, amountDue < 100 ✗ (was 120.5)' });
    expect(explainEligibility(rule, context('Fiber 100', '80.00'))).toMatchObject({ eligible: true });
    expect(evaluateEligibility({ '/': [1, { var: 'nothing' }] }, context('x', '1'))).toMatchObject({ eligible: true });
  });
});
