import { ActionLinks } from './action-links';

describe('ActionLinks', () => {
  const links = new ActionLinks({ publicUrl: 'https://billing.example.com', signingSecret: 's'.repeat(40) });
  const id = '0b7a1c4e-8f7e-4a53-9e1d-2f5f3c9a6b10';

  it('builds pay and ask links on the public URL with distinct tokens of at least 128 bits', () => {
    const { payUrl, askUrl } = links.forDocument(id);
    expect(payUrl.startsWith(`https://billing.example.com/a/pay/${id}/`)).toBe(true);
    expect(askUrl.startsWith(`https://billing.example.com/a/ask/${id}/`)).toBe(true);
    const payToken = payUrl.split('/').pop()!;
    expect(Buffer.from(payToken, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(payToken).not.toBe(askUrl.split('/').pop());
  });

  it('gives the same link every time for a document, and another under another secret', () => {
    expect(links.forDocument(id)).toEqual(links.forDocument(id));
    const other = new ActionLinks({ publicUrl: 'https://billing.example.com', signingSecret: 't'.repeat(40) });
    expect(other.forDocument(id).payUrl).not.toBe(links.forDocument(id).payUrl);
  });
});
