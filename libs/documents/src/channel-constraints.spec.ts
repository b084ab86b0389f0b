import type { PinnedVersion } from '@app/contracts';
import { channelConstraintErrors } from './channel-constraints';
import type { DocumentRequest } from './document-request';

let versions = 0;
/** A published version whose WhatsApp content has these parameters (a fresh hash each, as real versions have). */
function versionWith(parameters: Record<string, string>): PinnedVersion {
  return { contentHash: `hash-${++versions}`, content: { channels: { whatsapp: { parameters } } } } as unknown as PinnedVersion;
}

function request(data: Record<string, unknown>, name = 'Jordan Miller'): DocumentRequest {
  return { type: 'service-update', locale: 'en-US', recipient: { customerId: 'C-1', name }, data };
}

describe('channelConstraintErrors', () => {
  it('names each field a WhatsApp parameter writes that Meta would refuse, with the parameter', () => {
    const version = versionWith({ customer_name: '{{recipient.name}}', account: '{{t "where" account=account.number}}' });
    const errors = channelConstraintErrors(request({ account: { number: 'A\nB' } }, 'Jordan     Miller'), version, ['whatsapp']);
    expect(errors).toEqual([
      { pointer: '/recipient/name', message: 'contains more than 4 consecutive spaces, which WhatsApp refuses in a parameter ("customer_name")' },
      { pointer: '/data/account/number', message: 'contains a line break or tab, which WhatsApp refuses in a parameter ("account")' },
    ]);
  });

  it('asks nothing of a document that does not go to WhatsApp', () => {
    const version = versionWith({ customer_name: '{{recipient.name}}' });
    expect(channelConstraintErrors(request({}, 'Jordan\tMiller'), version, ['email', 'pdf'])).toEqual([]);
  });

  it('holds written values to the rule, including each item of a list, but not what only decides', () => {
    const version = versionWith({
      details: '{{#if update.newPrice}}{{update.title}}{{else}}{{update.summary}}{{/if}}',
      services: '{{#each update.affectedServices}}{{this}}{{/each}}',
      utc: '{{#if (eq update.timeZone "UTC")}}UTC{{/if}}',
    });
    const data = {
      update: { newPrice: '1\n2', title: 'ok', summary: 'line 1\nline 2', affectedServices: ['TV', 'Fiber\tinternet'], timeZone: 'U\tC' },
    };
    expect(channelConstraintErrors(request(data), version, ['whatsapp']).map((error) => error.pointer)).toEqual([
      '/data/update/summary',
      '/data/update/affectedServices/1',
    ]);
  });

  it('finds nothing wrong with the values WhatsApp takes', () => {
    const version = versionWith({ customer_name: '{{recipient.name}}', plan: '{{account.plan}}' });
    expect(channelConstraintErrors(request({ account: { plan: 'Fiber    500' } }, 'ليلى الحربي'), version, ['whatsapp'])).toEqual([]);
  });
});
