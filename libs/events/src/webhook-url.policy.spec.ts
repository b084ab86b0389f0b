import { DomainError } from '@app/kernel';
import { checkWebhookUrl, isBlockedAddress } from './webhook-url.policy';

function refusal(url: string, allowPrivate = false): string | null {
  try {
    checkWebhookUrl(url, allowPrivate);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).errors[0].pointer).toBe('/url');
    return (error as DomainError).errors[0].message;
  }
}

describe('webhook URL policy', () => {
  it('takes https on public hosts', () => {
    expect(refusal('https://billing.example.com/hooks/ccm')).toBeNull();
    expect(refusal('https://93.184.216.34:8443/hook')).toBeNull();
  });

  it('refuses http, credentials and private, loopback, link-local or local targets', () => {
    expect(refusal('http://billing.example.com/hook')).toMatch(/https/);
    expect(refusal('https://user:pw@billing.example.com/')).toMatch(/credentials/);
    for (const url of ['https://127.0.0.1/', 'https://10.1.2.3/', 'https://192.168.0.10/', 'https://172.20.0.1/', 'https://169.254.169.254/latest', 'https://[::1]/', 'https://[fd00::1]/', 'https://[::ffff:127.0.0.1]/', 'https://localhost:8443/']) {
      expect(refusal(url)).toMatch(/private|local/);
    }
    expect(refusal('not a url')).toMatch(/valid URL/);
  });

  it('allows plain http and private targets only when told to', () => {
    expect(refusal('http://127.0.0.1:4000/hook', true)).toBeNull();
    expect(refusal('ftp://127.0.0.1/hook', true)).toMatch(/https/);
  });

  it('blocks the addresses a name may resolve to', () => {
    expect(isBlockedAddress('127.0.0.1')).toBe(true);
    expect(isBlockedAddress('100.64.1.1')).toBe(true);
    expect(isBlockedAddress('fe80::1')).toBe(true);
    expect(isBlockedAddress('8.8.8.8')).toBe(false);
    expect(isBlockedAddress('2606:4700::1111')).toBe(false);
  });
});
