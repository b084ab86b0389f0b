import Handlebars from 'handlebars';
import { domainErrorOf } from '../../../test/support/domain-error-of';
import { MergeEngine } from './merge-engine';
import { assertWithinTemplateLimits, TEMPLATE_LIMITS } from './template-nesting';
import { guardTemplate } from './template-source.guard';

const nestedIfs = (depth: number) => `${'{{#if a}}'.repeat(depth)}x${'{{/if}}'.repeat(depth)}`;
const nestedSubexpressions = (depth: number) => `{{eq ${'(eq '.repeat(depth)}a${' b)'.repeat(depth)} c}}`;

describe('template limits', () => {
  const engine = new MergeEngine();

  it('refuse 5,000 nested blocks before parsing, saying which limit and where', () => {
    const error = domainErrorOf(() => engine.compile(`Hi\n${nestedIfs(5_000)}`, { escape: 'none' }));
    expect(error.code).toBe('template_invalid');
    expect(error.message).toBe(`The template is too complex: blocks nested more than ${TEMPLATE_LIMITS.blockDepth} deep at line 2, column ${9 * TEMPLATE_LIMITS.blockDepth + 1}`);
  });

  it('refuse 10,000 nested subexpressions', () => {
    const error = domainErrorOf(() => engine.compile(nestedSubexpressions(10_000), { escape: 'none' }));
    expect(error.message).toMatch(/subexpressions nested 10000 deep; at most 16 are allowed at line 1, column 1$/);
  });

  it('accept templates at the limits', () => {
    expect(() => engine.compile(nestedIfs(TEMPLATE_LIMITS.blockDepth), { escape: 'none' })).not.toThrow();
    expect(() => assertWithinTemplateLimits(nestedSubexpressions(TEMPLATE_LIMITS.subexpressionDepth))).not.toThrow();
    expect(() => assertWithinTemplateLimits(nestedIfs(TEMPLATE_LIMITS.blockDepth + 1))).toThrow(/blocks nested/);
  });

  it('count a chain of {{else if}} as the nesting it parses to, and a plain {{else}} or {{^}} as none', () => {
    const chain = (links: number) => `{{#if a}}${'{{else if b}}x'.repeat(links)}{{/if}}`;
    expect(() => assertWithinTemplateLimits(chain(TEMPLATE_LIMITS.blockDepth - 1).repeat(3))).not.toThrow();
    expect(() => assertWithinTemplateLimits(chain(TEMPLATE_LIMITS.blockDepth))).toThrow(/blocks nested/);
    expect(() => assertWithinTemplateLimits(`{{#if a}}${'{{else}}{{^}}'.repeat(100)}{{/if}}`)).not.toThrow();
    expect(() => assertWithinTemplateLimits(`${'{{^a}}'.repeat(41)}`)).toThrow(/blocks nested/);
  });

  it('read past comments, escaped tags and parentheses or braces inside strings', () => {
    const tricky = `{{!-- ${nestedIfs(100)} --}}{{! {{#if a}} }}\\{{#if a}}{{t "((((" x="}}{{#if"}}`.repeat(5);
    expect(() => assertWithinTemplateLimits(tricky)).not.toThrow();
  });

  it('bound the number of tags and subexpressions in one source', () => {
    expect(() => assertWithinTemplateLimits('{{a}}'.repeat(TEMPLATE_LIMITS.expressions))).not.toThrow();
    expect(() => assertWithinTemplateLimits(`${'{{a}}'.repeat(TEMPLATE_LIMITS.expressions)}\n{{b}}`)).toThrow(/more than 2000 tags and subexpressions at line 2, column 1$/);
    expect(() => assertWithinTemplateLimits(`{{eq ${'(eq a b) '.repeat(TEMPLATE_LIMITS.expressions)}}}`)).toThrow(/more than 2000 tags and subexpressions/);
  });

  it('hold a tree parsed elsewhere to the same nesting limits', () => {
    const tree = Handlebars.parse(nestedIfs(TEMPLATE_LIMITS.blockDepth + 1));
    expect(domainErrorOf(() => guardTemplate(tree, 'none')).message).toMatch(/^Blocks nest more than 40 deep at line 1, column 361$/);
    const call = Handlebars.parse(nestedSubexpressions(TEMPLATE_LIMITS.subexpressionDepth + 1));
    expect(domainErrorOf(() => guardTemplate(call, 'none')).message).toMatch(/^Subexpressions nest more than 16 deep/);
  });
});
