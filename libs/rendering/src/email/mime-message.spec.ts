import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { solidPng } from '../../../../test/support/solid-png';
import { buildMimeMessage, MimeMessageInput } from './mime-message';

const LOGO = solidPng(1, 1, [0x1f, 0xb5, 0xac]);
const BADGE = solidPng(1, 1, [0xd0, 0x34, 0x2c]);
const dataUri = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;
const LOGO_URI = dataUri('image/png', LOGO);
const LOGO_CID = `${createHash('sha256').update(LOGO).digest('hex').slice(0, 32)}@ccm.inline`;
const FONT_URI = dataUri('font/woff2', Buffer.from('wOF2 not really a font'));
const PDF = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

const TEXT = 'Invoice INV-2026-000122 — total 42,00 €\nPay at https://ccm.example/a/pay?t=abc';
const HTML_WITH_LOGO =
  `<html><head><style>@font-face{font-family:Brand;src:url(${FONT_URI}) format("woff2")}</style></head><body>` +
  `<img src="${LOGO_URI}" width="32" alt="Northwind"><p>Invoice — 42,00 €</p>` +
  `<img alt='footer' src='${LOGO_URI}'></body></html>`;

function input(overrides: Partial<MimeMessageInput> = {}): MimeMessageInput {
  return {
    from: 'Northwind Fiber <billing@northwind.example>',
    to: { name: 'Jordan Miller', address: 'jordan.miller@example.com' },
    subject: 'Your invoice INV-2026-000122',
    html: HTML_WITH_LOGO,
    text: TEXT,
    messageId: '<doc-1.email@billing.example.test>',
    date: new Date('2026-03-01T09:30:00Z'),
    ...overrides,
  };
}

/** The message exactly as `buildMimeMessage` built it before images were moved to inline parts. */
function builtAsBefore(message: MimeMessageInput): Promise<Buffer> {
  const composer = new MailComposer({
    from: message.from,
    to: message.to ? { name: message.to.name, address: message.to.address } : undefined,
    subject: message.subject,
    // What changed since: line ends are CRLF, as SMTP requires.
    text: message.text.replace(/\r?\n/g, '\r\n'),
    html: message.html.replace(/\r?\n/g, '\r\n'),
    messageId: message.messageId,
    date: message.date,
    baseBoundary: createHash('sha256').update(message.messageId).digest('hex').slice(0, 16),
    attachments: message.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
  } as ConstructorParameters<typeof MailComposer>[0]);
  return composer.compile().build();
}

describe('buildMimeMessage', () => {
  it('moves a data: image into one inline part referenced by cid: wherever the HTML uses it', async () => {
    const message = parseMessage(await buildMimeMessage(input()));

    expect(message.contentType).toBe('multipart/alternative');
    const [text, related] = message.parts;
    expect(related.contentType).toBe('multipart/related');
    expect(related.params.type).toBe('text/html');
    const [html, ...images] = related.parts;
    expect(html.contentType).toBe('text/html');

    expect(images).toHaveLength(1);
    const [image] = images;
    expect(image.contentType).toBe('image/png');
    expect(image.header('content-id')).toBe(`<${LOGO_CID}>`);
    expect(image.header('content-disposition')).toMatch(/^inline; filename=image-[0-9a-f]{12}\.png$/);
    expect(image.header('content-transfer-encoding')).toBe('base64');
    expect(image.content().equals(LOGO)).toBe(true);

    const markup = html.content().toString('utf8');
    expect(markup.split(`cid:${LOGO_CID}`)).toHaveLength(3);
    expect(markup).toContain(`<img src="cid:${LOGO_CID}" width="32" alt="Northwind">`);
    expect(markup).toContain(`<img alt='footer' src='cid:${LOGO_CID}'>`);
    expect(markup).not.toContain('data:image/');
    expect(markup).not.toContain(LOGO.toString('base64'));
    expect(markup).toContain(`src:url(${FONT_URI}) format("woff2")`);
    expect(markup).toBe(HTML_WITH_LOGO.split(LOGO_URI).join(`cid:${LOGO_CID}`));

    expect(text.contentType).toBe('text/plain');
    expect(text.content().toString('utf8')).toBe(TEXT.replace(/\n/g, '\r\n'));
  });

  it('gives the same bytes every time', async () => {
    const withPdf = input({ attachments: [{ filename: 'INV-2026-000122.pdf', contentType: 'application/pdf', content: PDF }] });
    expect((await buildMimeMessage(input())).equals(await buildMimeMessage(input()))).toBe(true);
    expect((await buildMimeMessage(withPdf)).equals(await buildMimeMessage(withPdf))).toBe(true);
  });

  it('keeps the PDF an attachment beside the HTML and its inline image', async () => {
    const raw = await buildMimeMessage(input({ attachments: [{ filename: 'INV-2026-000122.pdf', contentType: 'application/pdf', content: PDF }] }));
    const message = parseMessage(raw);

    expect(structure(message)).toEqual([
      'multipart/mixed',
      ['multipart/alternative', 'text/plain', ['multipart/related', 'text/html', 'image/png']],
      'application/pdf',
    ]);
    const leaves = leafParts(message);
    const pdf = leaves.find((part) => part.contentType === 'application/pdf')!;
    expect(pdf.header('content-disposition')).toBe('attachment; filename=INV-2026-000122.pdf');
    expect(pdf.content().equals(PDF)).toBe(true);
    const image = leaves.find((part) => part.contentType === 'image/png')!;
    expect(image.header('content-disposition')).toMatch(/^inline;/);
    expect(image.header('content-id')).toBe(`<${LOGO_CID}>`);
    expect(image.content().equals(LOGO)).toBe(true);
    const html = leaves.find((part) => part.contentType === 'text/html')!.content().toString('utf8');
    expect(html.split(`cid:${LOGO_CID}`)).toHaveLength(3);
    expect(leaves.find((part) => part.contentType === 'text/plain')!.content().toString('utf8')).toBe(TEXT.replace(/\n/g, '\r\n'));
  });

  it('gives each distinct image its own part, in order of first use', async () => {
    const html = `<img src="${dataUri('image/png', BADGE)}"><IMG SRC="${LOGO_URI}"><img src="${dataUri('image/png', BADGE)}">`;
    const message = parseMessage(await buildMimeMessage(input({ html })));
    const images = leafParts(message).filter((part) => part.contentType.startsWith('image/'));
    expect(images.map((part) => part.content())).toEqual([BADGE, LOGO]);
    expect(new Set(images.map((part) => part.header('content-id'))).size).toBe(2);
  });

  it('names the part after its type', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
    const message = parseMessage(await buildMimeMessage(input({ html: `<img src="${dataUri('image/svg+xml', svg)}"><img src="${dataUri('image/jpeg', jpeg)}">` })));
    const images = leafParts(message).filter((part) => part.contentType.startsWith('image/'));
    expect(images.map((part) => part.contentType)).toEqual(['image/svg+xml', 'image/jpeg']);
    expect(images[0].params.name).toMatch(/^image-[0-9a-f]{12}\.svg$/);
    expect(images[1].params.name).toMatch(/^image-[0-9a-f]{12}\.jpg$/);
    expect(images[0].content().equals(svg)).toBe(true);
    expect(images[1].content().equals(jpeg)).toBe(true);
  });

  it('builds exactly the message it built before when there is no image to move', async () => {
    const pdf = [{ filename: 'INV-2026-000122.pdf', contentType: 'application/pdf', content: PDF }];
    const b64 = LOGO.toString('base64');
    const untouched = [
      '<p>No images at all — 42,00 €</p>',
      `<style>@font-face{src:url(${FONT_URI})}</style><div style="background:url(${LOGO_URI})"></div>`,
      `<a href="${LOGO_URI}">a link, not an image</a><img data-src="${LOGO_URI}" src="https://cdn.example/logo.png">`,
      `<img alt="src='${LOGO_URI}'" src="https://cdn.example/logo.png">`,
      `<img src="data:text/html;base64,${Buffer.from('<b>x</b>').toString('base64')}">`,
      `<img src="data:font/woff2;base64,${b64}">`,
      `<img src="data:image/png,${encodeURIComponent('not base64')}">`,
      `<img src="data:image/svg+xml;charset=utf-8;base64,${b64}">`,
      `<img src="data:image/png;base64,${b64.slice(0, -2)}">`,
      `<img src="data:image/png;base64,${b64.slice(0, 8)}*${b64.slice(9)}">`,
      `<img src="data:image/png;base64,${b64.slice(0, 8)}\n${b64.slice(8)}">`,
      `<img src="data:image/png;base64,QQ=A">`,
      `<img src="data:image/png;base64,QR==">`,
      `<img src="data:image/png;base64,">`,
      `<img src=${LOGO_URI}>`,
      `<img src="${LOGO_URI}`,
    ];
    for (const html of untouched) {
      for (const attachments of [undefined, [], pdf]) {
        const message = input({ html, attachments });
        expect((await buildMimeMessage(message)).equals(await builtAsBefore(message))).toBe(true);
      }
    }
  });
});

interface Part {
  readonly contentType: string;
  readonly params: Readonly<Record<string, string>>;
  readonly parts: readonly Part[];
  header(name: string): string | undefined;
  /** The body with its transfer encoding undone. */
  content(): Buffer;
}

/**
 * Enough of RFC 2045/2046 to read what MailComposer writes: CRLF lines, folded
 * headers, quoted boundaries, and base64, quoted-printable or 7bit bodies.
 */
function parseMessage(raw: Buffer): Part {
  const source = raw.toString('latin1');
  expect(source).toMatch(/^MIME-Version: 1\.0\r$/m);
  return parsePart(source);
}

function parsePart(source: string): Part {
  const split = source.indexOf('\r\n\r\n');
  const head = split < 0 ? source : source.slice(0, split);
  const body = split < 0 ? '' : source.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const [type, ...rawParams] = (headers.get('content-type') ?? 'text/plain').split(';');
  const params: Record<string, string> = {};
  for (const param of rawParams) {
    const eq = param.indexOf('=');
    if (eq > 0) params[param.slice(0, eq).trim().toLowerCase()] = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  const contentType = type.trim().toLowerCase();
  let parts: Part[] = [];
  if (contentType.startsWith('multipart/')) {
    const sections = `\r\n${body}`.split(`\r\n--${params.boundary}`);
    const closing = sections.findIndex((section) => section.startsWith('--'));
    expect(closing).toBeGreaterThan(1);
    parts = sections.slice(1, closing).map((section) => parsePart(section.replace(/^\r\n/, '')));
  }
  return {
    contentType,
    params,
    parts,
    header: (name) => headers.get(name.toLowerCase()),
    content: () => decodeBody(body, headers.get('content-transfer-encoding')),
  };
}

function decodeBody(body: string, encoding = '7bit'): Buffer {
  switch (encoding.toLowerCase()) {
    case 'base64':
      expect(body.replace(/\r\n$/, '')).toMatch(/^[A-Za-z0-9+/=\r\n]*$/);
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable': {
      const bytes: number[] = [];
      const text = body.replace(/=\r\n/g, '');
      for (let i = 0; i < text.length; i++) {
        if (text[i] === '=' && /^[0-9A-F]{2}$/.test(text.slice(i + 1, i + 3))) {
          bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
          i += 2;
        } else {
          bytes.push(text.charCodeAt(i));
        }
      }
      return Buffer.from(bytes);
    }
    default:
      return Buffer.from(body, 'latin1');
  }
}

function leafParts(part: Part): Part[] {
  return part.parts.length ? part.parts.flatMap(leafParts) : [part];
}

type Structure = string | Structure[];
function structure(part: Part): Structure {
  return part.parts.length ? [part.contentType, ...part.parts.map(structure)] : part.contentType;
}

describe('one-click unsubscribe headers', () => {
  const URL = `https://billing.example.test/u/${'eyJwIjoidSIsImMiOiJDLTEwMDAxIn0'.repeat(3)}.${'a'.repeat(22)}`;

  it('writes List-Unsubscribe on one line, unfolded, with List-Unsubscribe-Post (RFC 8058), and only when asked', async () => {
    const lines = (await buildMimeMessage(input({ listUnsubscribe: URL }))).toString('latin1').split('\r\n');
    expect(lines).toContain(`List-Unsubscribe: <${URL}>`);
    expect(lines).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect((await buildMimeMessage(input())).toString('latin1')).not.toMatch(/List-Unsubscribe/i);
  });

  it('refuses a URL that could add a header or break out of the angle brackets', async () => {
    for (const bad of [`${URL}\r\nBcc: x@example.com`, `${URL}>, <mailto:x@example.com`, 'http://billing.example.test/u/x', 'https://a b']) {
      await expect(buildMimeMessage(input({ listUnsubscribe: bad }))).rejects.toThrow(/List-Unsubscribe/);
    }
  });
});

describe('line ends of the built message', () => {
  it('are all CRLF, whatever line ends the text, HTML and attachments came with', async () => {
    const built = await buildMimeMessage(
      input({
        text: 'Line one\nLine two\r\nLine three\rLine four\n\n' + 'x'.repeat(300) + '\n',
        html: '<p>one</p>\n<p>two</p>\r\n<pre>three\n\nfour</pre>',
        attachments: [{ filename: 'INV.pdf', contentType: 'application/pdf', content: PDF }],
      }),
    );
    const raw = built.toString('latin1');
    expect(raw).not.toMatch(/(?<!\r)\n/);
    expect(raw).not.toMatch(/\r(?!\n)/);
    expect(raw).toContain('\r\n\r\n');
  });
});
