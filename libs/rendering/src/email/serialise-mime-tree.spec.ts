import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { serialiseMimeTree } from './serialise-mime-tree';

type ComposerOptions = ConstructorParameters<typeof MailComposer>[0];

/** nodemailer's own streamed build and the one-pass serialisation of the same composed tree. */
async function bothWays(options: ComposerOptions): Promise<{ streamed: Buffer; serialised: Buffer }> {
  // A tree is compiled afresh for each: building sets headers on its nodes.
  const streamed = await new MailComposer(options).compile().build();
  const serialised = serialiseMimeTree(new MailComposer(options).compile());
  return { streamed, serialised };
}

const BASE: ComposerOptions = {
  from: 'Northwind Fiber <billing@northwind.example>',
  to: { name: 'Jordan Miller', address: 'jordan.miller@example.com' },
  subject: 'Your invoice INV-2026-000122',
  messageId: '<doc-1.email@billing.example.test>',
  date: new Date('2026-03-01T09:30:00Z'),
  baseBoundary: '0123456789abcdef',
};

const LONG_ARABIC = 'فاتورتك لشهر مارس جاهزة، المبلغ المستحق ٤٢٫٠٠ ر.س — ادفع الآن '.repeat(40);
const LONG_CHINESE = '您的三月账单已出，应付金额 ¥42.00，请在到期日前付款。'.repeat(60);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(70_000), Buffer.from('\n%%EOF\n', 'latin1')]);

describe('serialiseMimeTree', () => {
  it.each<[string, ComposerOptions]>([
    ['ASCII text and HTML (7bit)', { text: 'Invoice 42.00\r\nThank you', html: '<p>Invoice 42.00</p>' }],
    ['a line longer than 76 characters (quoted-printable)', { text: 'x'.repeat(300), html: `<p>${'word '.repeat(200)}</p>` }],
    ['Arabic, right to left, in every part and header', { subject: 'فاتورة مارس', to: { name: 'جوردان ميلر', address: 'j@example.com' }, text: LONG_ARABIC, html: `<p dir="rtl">${LONG_ARABIC}</p>` }],
    ['Chinese, mostly non-ASCII (base64 text)', { subject: '三月账单', text: LONG_CHINESE, html: `<p>${LONG_CHINESE}</p>` }],
    ['trailing spaces and tabs at line ends and at the end', { text: 'total  \r\nline\t\r\nend   ', html: '<p>a </p>\r\n\t\r\n ' }],
    ['a PDF attached (mixed > alternative, binary base64)', { text: 'See attached', html: '<p>See attached</p>', attachments: [{ filename: 'INV-1.pdf', contentType: 'application/pdf', content: PDF }] }],
    [
      'an inline image beside the HTML (related)',
      { text: 'Logo', html: '<img src="cid:logo@ccm.inline">', attachments: [{ filename: 'logo.png', contentType: 'image/png', content: randomBytes(4_000), cid: 'logo@ccm.inline', contentDisposition: 'inline' }] },
    ],
    [
      'a quoted-printable non-text part with lone CR and LF',
      { text: 'data', attachments: [{ filename: 'data.json', contentType: 'application/json', content: Buffer.from('{"a":1}\n{"b":"x\ry"}\r\n\n'), contentTransferEncoding: 'quoted-printable' }] },
    ],
    ['prepared headers kept as given', { text: 'Offer inside', headers: { 'List-Unsubscribe': { prepared: true, value: '<https://ccm.example/u/abc>' } } }],
    ['an HTML body of several 64 KB encoder slices', { text: LONG_ARABIC, html: `<table>${`<tr><td>${LONG_CHINESE}</td><td>  </td></tr>\r\n`.repeat(40)}</table>` }],
    ['no body at all', {}],
  ] as Array<[string, ComposerOptions]>)('writes the same bytes as nodemailer’s build: %s', async (_name, options) => {
    const { streamed, serialised } = await bothWays({ ...BASE, ...options });
    expect(serialised.toString('latin1')).toBe(streamed.toString('latin1'));
  });

  it('writes the same bytes as nodemailer’s build for 200 random bodies of text, whitespace, line breaks and multi-byte characters', async () => {
    const alphabet = ['a', 'Z', ' ', '\t', '\r\n', '\n', '\r', '=', '.', 'é', 'ع', '中', '€', '😀', '<p>', '\u200f'];
    for (let round = 0; round < 200; round += 1) {
      const picks = randomBytes(50 + (round % 7) * 400);
      const text = [...picks].map((byte) => alphabet[byte % alphabet.length]).join('');
      const { streamed, serialised } = await bothWays({ ...BASE, text, html: `<div>${text}</div>` });
      expect(serialised.toString('latin1')).toBe(streamed.toString('latin1'));
    }
  });

  it('refuses a part whose content is a file, a URL or a stream rather than reading it', () => {
    expect(() => serialiseMimeTree(new MailComposer({ ...BASE, text: { path: '/etc/passwd' } } as ComposerOptions).compile())).toThrow(/string and Buffer content only/);
    expect(() => serialiseMimeTree(new MailComposer({ ...BASE, html: { href: 'http://127.0.0.1:1/' } } as ComposerOptions).compile())).toThrow(/string and Buffer content only/);
    expect(() => serialiseMimeTree(new MailComposer({ ...BASE, raw: 'Subject: x\r\n\r\nbody' } as ComposerOptions).compile())).toThrow(/not raw ones/);
  });
});
