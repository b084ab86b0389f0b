import { doIUseEmail } from 'doiuse-email';
import { BuiltInEmails, type BuiltInEmail } from './support/built-in-emails';

/**
 * Every built-in email, in every language, checked against caniemail's data for the
 * clients most of our customers read mail in. A feature one of them lacks fails the
 * test unless it is listed below with the reason the email still reads right there.
 */
const CLIENTS = ['gmail.*', 'outlook.*', 'apple-mail.*'];

/**
 * Features a client lacks that the layout does not depend on, each with the clients
 * where that is known and why the email degrades gracefully. Anything else (`<bdi>`,
 * `:first-child`, a new selector in a template) fails.
 */
const DEGRADES_GRACEFULLY: ReadonlyArray<{ feature: string; clients: RegExp; why: string }> = [
  {
    feature: '(Descendant combinator|ID selector|Type selector|Class selector|Chaining selectors|@media|display:none|opacity)',
    clients: /^gmail\.mobile-webmail$/,
    why: 'Gmail’s basic mobile web view drops <style>; every cell keeps its inline wrapping and alignment, and the 600 px body shrinks to the screen',
  },
  {
    feature: '(@media|Chaining selectors|white-space|opacity|outline|border-radius|overflow|table-layout|word-break)',
    clients: /^outlook\.(windows|windows-mail)$/,
    why: 'Word-rendered Outlook lays the body out from MJML’s conditional fixed-width tables; header cells keep the nowrap attribute; corners are square',
  },
  { feature: 'overflow', clients: /^outlook\.android$/, why: 'MJML sets overflow only to clip rounded corners' },
  { feature: '<body> element', clients: /^outlook\.(ios|android)$/, why: 'replaced by a <div>; the body’s background colour is repeated on MJML’s wrapper' },
  { feature: '(aria-label attribute|role attribute)', clients: /^outlook\.windows-mail$/, why: 'accessibility hints for screen readers only' },
  { feature: 'target attribute', clients: /^(gmail\.|outlook\.macos$)/, why: 'these clients open links in a new window anyway' },
];

/** `\`:first-child\` is not supported by \`gmail.desktop-webmail\`` → feature and client. */
const ERROR = /^`(.+)` is not supported by `([^`]+)`$/;

function unsupported(email: BuiltInEmail): string[] {
  const result = doIUseEmail(email.html, { emailClients: CLIENTS as never });
  const errors = (result as { errors?: string[] }).errors ?? [];
  return errors.filter((error) => {
    const match = ERROR.exec(error);
    if (!match) return true;
    const [, feature, client] = match;
    return !DEGRADES_GRACEFULLY.some((allowed) => new RegExp(`^${allowed.feature}$`).test(feature) && allowed.clients.test(client));
  });
}

let emails: BuiltInEmail[];

beforeAll(async () => {
  emails = await (await BuiltInEmails.load()).renderAll();
}, 120_000);

describe('built-in emails in Gmail, Outlook and Apple Mail (caniemail)', () => {
  it('renders every built-in template in en, ar and zh', () => {
    expect(emails.map(({ key, language }) => `${key}:${language}`).sort()).toEqual(
      ['invoice', 'payment-confirmation', 'service-update'].flatMap((key) => ['ar', 'en', 'zh'].map((language) => `${key}:${language}`)),
    );
  });

  it('use no feature those clients lack beyond the ones that degrade gracefully', () => {
    for (const email of emails) {
      expect({ email: `${email.key}:${email.language}`, unsupported: unsupported(email) }).toEqual({ email: `${email.key}:${email.language}`, unsupported: [] });
    }
  });

  it('isolate right-to-left values with Unicode isolates, not <bdi>, and make header cells th with a scope', () => {
    const arabic = emails.filter((email) => email.language === 'ar');
    for (const email of arabic) {
      expect({ email: email.key, bdi: /<bdi\b/i.test(email.html), isolates: /\u2068[^\u2069]+\u2069/.test(email.html) }).toEqual({ email: email.key, bdi: false, isolates: true });
    }
    for (const email of emails) {
      const headers = email.html.match(/<th\b[^>]*>/gi) ?? [];
      expect({ email: `${email.key}:${email.language}`, withoutScope: headers.filter((th) => !/\bscope="(col|row)"/.test(th)) }).toEqual({
        email: `${email.key}:${email.language}`,
        withoutScope: [],
      });
    }
  });

  it('catches what Gmail drops: a <bdi> or a :first-child rule would fail the check', () => {
    const invoice = emails.find((email) => email.key === 'invoice' && email.language === 'ar')!;
    const withBdi = { ...invoice, html: invoice.html.replace('</td>', '<bdi>INV-1</bdi></td>') };
    const withFirstChild = { ...invoice, html: invoice.html.replace('</style>', '.lines td:first-child { white-space: normal; }</style>') };
    expect(unsupported(withBdi)).toEqual(expect.arrayContaining(['`<bdi> element` is not supported by `gmail.desktop-webmail`']));
    expect(unsupported(withFirstChild)).toEqual(expect.arrayContaining(['`:first-child` is not supported by `gmail.desktop-webmail`']));
  });
});
