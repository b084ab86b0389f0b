import { ActionLinks } from '@app/actions';
import { InMemoryAssetStore } from '@app/assets';
import { standaloneComposer } from '@app/composer';
import { PdfEngine } from '@app/rendering';
import { DataContractValidator, type TemplateContent } from '@app/templating';
import { InProcessAuthorSandbox } from '../sandbox/in-process-author-sandbox';
import { ComplianceLinter } from './compliance-linter';

/** Lint never prints: a PDF engine that is asked to is a failed test. */
class NoPdfEngine extends PdfEngine {
  render(): never {
    throw new Error('lint printed a PDF');
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const NOTICE: TemplateContent = {
  kind: 'notice',
  name: 'Notice',
  locales: ['en'],
  defaultLocale: 'en',
  defaultChannels: ['sms'],
  dataContract: { type: 'object', required: ['ref'], properties: { ref: { type: 'string', pattern: '^(R)\\1-\\d+$' } } },
  channels: { sms: { text: 'Ref {{ref}}', sender: 'Northwind', maxSegments: 1 } },
  messages: { en: {} },
  samples: { 'en-us': { locale: 'en-US', recipient: { customerId: 'C-1', name: 'Jordan' }, data: { ref: 'RR-1' } } },
};

describe('ComplianceLinter', () => {
  const composer = standaloneComposer({ pdf: new NoPdfEngine(), assets: new InMemoryAssetStore() });
  const links = new ActionLinks({ publicUrl: 'https://billing.example.test', signingSecret: 's'.repeat(40) });
  const linter = new ComplianceLinter(composer, new DataContractValidator(), links, new InProcessAuthorSandbox(composer));

  it('blocks submit on a contract pattern that needs backtracking, pointing at the pattern', async () => {
    const findings = await linter.lint({ key: 'notice', number: 2, content: NOTICE, samples: [] });
    expect(findings.filter((finding) => finding.severity === 'error')).toEqual([
      {
        severity: 'error',
        rule: 'data-contract-pattern',
        pointer: '/dataContract/properties/ref/pattern',
        message: expect.stringMatching(/^pattern "\^\(R\)\\\\1-\\\\d\+\$" cannot run in linear time/),
      },
    ]);
  });
});
