import { ActionLinkFormat } from '@app/actions';
import type { TemplateContent, WhatsAppButton } from '@app/contracts';
import { whatsAppButtonBaseRules } from './channel-rules';

const links = new ActionLinkFormat({ publicUrl: 'https://billing.example.test', signingSecret: 'channel-rules-spec-secret-0123456789' });

function withButtons(buttons: WhatsAppButton[]): TemplateContent {
  return {
    kind: 'invoice',
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
