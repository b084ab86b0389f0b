import { ActionLinkFormat } from '@app/actions';
import { InMemoryAssetStore } from '@app/assets';
import { standaloneComposer } from '@app/composer';
import { PdfEngine } from '@app/rendering';
import type { TemplateContent } from '@app/contracts';
import { DataContractValidator } from '@app/templating';
import { channelOverrun } from '../sandbox/author-sandbox';
import { InProcessAuthorSandbox } from '../sandbox/in-process-author-sandbox';
import { sampleDataSets } from '../samples/sample-data-sets';
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

/** A sandbox whose threads run out of time on every SMS. */
class SlowSmsSandbox extends InProcessAuthorSandbox {
  override compose(...args: Parameters<InProcessAuthorSandbox['compose']>) {
    return args[2] === 'sms' ? Promise.reject(channelOverrun('sms', 'did not finish within 5000 ms')) : super.compose(...args);
  }
}

describe('ComplianceLinter', () => {
  const composer = standaloneComposer({ pdf: new NoPdfEngine(), assets: new InMemoryAssetStore() });
  const links = new ActionLinkFormat({ publicUrl: 'https://billing.example.test', signingSecret: 's'.repeat(40) });
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

  it('blocks submit when a channel overruns the sandbox with any sample, edge cases included', async () => {
    const content: TemplateContent = { ...NOTICE, dataContract: { type: 'object', required: ['ref'], properties: { ref: { type: 'string' } } } };
    const slow = new ComplianceLinter(composer, new DataContractValidator(), links, new SlowSmsSandbox(composer));
    const samples = sampleDataSets(content);
    const findings = await slow.lint({ key: 'notice', number: 2, content, samples });
    const overruns = findings.filter((finding) => finding.rule === 'render-budget');
    expect(overruns).toHaveLength(samples.length);
    expect(overruns).toContainEqual({
      severity: 'error',
      rule: 'render-budget',
      pointer: '/channels/sms',
      sample: 'en-us',
      message: 'with sample "en-us": The sms channel rendering did not finish within 5000 ms: the template does too much work for its data (nested {{#each}} over long lists?)',
    });
    expect(samples.some((sample) => sample.edgeCase)).toBe(true);
    expect(overruns.every((finding) => finding.severity === 'error')).toBe(true);
  });
});
