import { ActionLinkFormat } from '@app/actions';
import type { TemplateContent, WhatsAppButton } from '@app/contracts';
import { whatsAppButtonBaseRules, whatsAppRules } from './channel-rules';

const links = new ActionLinkFormat({ publicUrl: 'https://billing.example.test', signingSecret: 'channel-rules-spec-secret-0123456789' });

function withButtons(buttons: WhatsAppButton[], kind = 'invoice'): TemplateContent {
  return {
    kind,
    name: 'Invoice',
    locales: ['en'],
    defaultLocale: 'en',
    defaultChannels: ['whatsapp'],
    dataContract: { type: 'object' },
    channels: {
      whatsapp: {
        name: 'invoice_v1',
        category: 'utility',
        parameters: {},
        locales: { en: { body: 'Your bill is ready.', buttonLabels: buttons.map(() => 'Open') } },
        buttons,
      },
    },
    messages: { en: {} },
  };
}

describe('WhatsApp button base', () => {
  it('passes a pay and an ask button registered under the platform\'s public URL', () => {
    const content = withButtons([
      { type: 'url', url: 'https://billing.example.test/a/pay/{{1}}', suffix: '{{actions.payPath}}' },
      { type: 'url', url: 'https://billing.example.test/a/ask/{{1}}', suffix: '{{ actions.askPath }}' },
    ]);
    expect(whatsAppButtonBaseRules(content, links)).toEqual([]);
  });

  it('warns at the URL when the registered base is another host than the email\'s pay link', () => {
    const content = withButtons([{ type: 'url', url: 'https://ccm.northwind.example/a/pay/{{1}}', suffix: '{{actions.payPath}}' }]);
    expect(whatsAppButtonBaseRules(content, links)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        rule: 'whatsapp-button-base',
        pointer: '/channels/whatsapp/buttons/0/url',
        message: expect.stringContaining('https://billing.example.test/a/pay/'),
      }),
    ]);
  });

  it('warns when an ask path is registered under the pay base', () => {
    const content = withButtons([{ type: 'url', url: 'https://billing.example.test/a/pay/{{1}}', suffix: '{{actions.askPath}}' }]);
    expect(whatsAppButtonBaseRules(content, links).map((finding) => finding.pointer)).toEqual(['/channels/whatsapp/buttons/0/url']);
  });

  it('leaves buttons that do not carry a platform link alone', () => {
    const content = withButtons([{ type: 'url', url: 'https://help.example.com/faq/{{1}}', suffix: '{{account.number}}' }]);
    expect(whatsAppButtonBaseRules(content, links)).toEqual([]);
  });
});

describe('WhatsApp ask reply', () => {
  const askRule = (content: TemplateContent) => whatsAppRules(content).filter((finding) => finding.rule === 'whatsapp-ask-payload');

  it('passes an ask reply that carries the document\'s ask token', () => {
    expect(askRule(withButtons([{ type: 'quick_reply', payload: 'ask:{{actions.askPath}}' }]))).toEqual([]);
    expect(askRule(withButtons([{ type: 'quick_reply', payload: 'ask:{{ actions.askPath }}' }]))).toEqual([]);
  });

  it('refuses a bare or misspelt ask payload, which names no document', () => {
    for (const payload of ['ask', 'ASK', 'ask:{{document.id}}', 'ask:{{actions.payPath}}']) {
      expect(askRule(withButtons([{ type: 'quick_reply', payload }], 'payment-confirmation'))).toEqual([
        expect.objectContaining({ severity: 'error', pointer: '/channels/whatsapp/buttons/0/payload', message: expect.stringContaining('ask:{{actions.askPath}}') }),
      ]);
    }
  });

  it('warns when an invoice offers no ask reply, and leaves other kinds and other replies alone', () => {
    expect(askRule(withButtons([{ type: 'url', url: 'https://billing.example.test/a/pay/{{1}}', suffix: '{{actions.payPath}}' }]))).toEqual([
      expect.objectContaining({ severity: 'warning', pointer: '/channels/whatsapp/buttons' }),
    ]);
    expect(askRule(withButtons([{ type: 'quick_reply', payload: 'STOP' }], 'service-update'))).toEqual([]);
  });
});
