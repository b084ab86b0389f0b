import { buildMimeMessage } from './mime-message';

/** The header block of a message, folded lines joined (RFC 5322 §2.2.3). */
function headersOf(message: Buffer): string {
  const source = message.toString('utf8');
  return source.slice(0, source.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
}

/**
 * Intake refuses line breaks in a recipient's name, but the builder must not
 * depend on it: a line break in a name or a subject never starts a header.
 */
describe('buildMimeMessage and line breaks in header values', () => {
  it('keeps a CR/LF in the recipient name and the subject inside their own headers', async () => {
    const headers = headersOf(
      await buildMimeMessage({
        from: 'Northwind Fiber <billing@northwind.example>',
        to: { name: 'Mallory\r\nBcc: victim@example.com\r\nX-Injected: yes', address: 'mallory@example.com' },
        subject: 'Invoice\r\nX-Subject-Injected: yes',
        html: '<p>Invoice</p>',
        text: 'Invoice',
        messageId: '<doc-1.email@billing.example.test>',
        date: new Date('2026-03-01T09:30:00Z'),
      }),
    );
    expect(headers).toMatch(/^To: /m);
    expect(headers).not.toMatch(/^(Bcc|X-Injected|X-Subject-Injected):/im);
  });
});
