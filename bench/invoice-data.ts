import { reconcileInvoice } from '../libs/documents/src/invoice-reconciliation';

/**
 * Realistic invoice documents generated in the bench itself, so a run depends on
 * nothing outside this repository. A fixed seed makes every run render the same
 * documents: numbers from two runs compare like with like.
 */
export interface BenchDocument {
  readonly id: string;
  readonly type: 'invoice';
  readonly locale: string;
  readonly externalRef: string;
  readonly recipient: { customerId: string; name: string; email: string; phone: string; whatsapp: string };
  readonly data: { account: Record<string, string>; invoice: BenchInvoice };
}

interface BenchLine {
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
}

interface BenchInvoice {
  number: string;
  issueDate: string;
  dueDate: string;
  period: { from: string; to: string };
  currency: string;
  lines: BenchLine[];
  subtotal: string;
  taxRate: string;
  tax: string;
  total: string;
  amountDue: string;
}

// Names with apostrophes, ampersands and accents exercise escaping on both paths being compared.
const FIRST_NAMES = ['Jordan', 'Amelia', 'Mateo', 'Chloé', 'Priya', 'Oluwaseun', 'Zoë', 'Liam', 'Hannah', 'Kenji', 'Fatima', 'Søren', 'Grace', 'Tomás', 'Aisha', 'Connor'];
const LAST_NAMES = ["O'Connor", 'Miller', 'García-Núñez', 'Dubois', 'Raghunathan', 'Adeyemi', 'Kowalczyk', 'Nguyen', 'Schmidt', 'Okafor', 'Lindqvist', 'Moreau', 'Haddad', 'Fitzgerald-Byrne'];
const BUSINESSES = ['Rossi & Sons Bakery', 'Harbour Dental Clinic', 'Blue Finch Design Studio', 'Mercer & Hale LLP'];
const PLANS = ['Fiber 500', 'Fiber 1000', 'Business Fiber 1 Gbit', 'Mobile Unlimited Family', 'Fiber 300 + TV Essentials'];

/** A telecom bill's line kinds: [description, unit price in cents, how the quantity varies]. */
const LINE_KINDS: ReadonlyArray<readonly [string, number, 'one' | 'minutes' | 'gigabytes' | 'count']> = [
  ['Static IP address', 500, 'one'],
  ['Router rental', 750, 'one'],
  ['International calls (minutes)', 12, 'minutes'],
  ['Roaming data — EU zone (GB)', 399, 'gigabytes'],
  ['TV Sports package', 1499, 'one'],
  ['Premium-rate calls (minutes)', 95, 'minutes'],
  ['Extra mobile line', 1500, 'count'],
  ['Device instalment — Pixel 9 (7 of 24)', 2912, 'one'],
  ['Cloud backup 200 GB', 299, 'one'],
  ['Directory assistance calls', 175, 'count'],
  ['Wi-Fi mesh extender rental', 400, 'count'],
  ['Video on demand: film rental', 499, 'count'],
];

/** Park-Miller: small, deterministic and good enough to vary names and amounts. */
function seeded(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

/** Cents with two decimals, exactly as the data contract wants money. */
function money(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Half-up rounding of a non-negative rational to whole cents, as the reconciliation rounds. */
function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** Currency and sales tax or VAT as billed where each locale's customers live. */
const BILLING: Readonly<Record<string, { currency: string; taxRate: string; numerator: bigint; denominator: bigint }>> = {
  'en-US': { currency: 'USD', taxRate: '0.08875', numerator: 8875n, denominator: 100000n },
  'ar-SA': { currency: 'SAR', taxRate: '0.15', numerator: 15n, denominator: 100n },
  'zh-CN': { currency: 'CNY', taxRate: '0.13', numerator: 13n, denominator: 100n },
};

export function generateInvoice(index: number, lineCount: number, locale = 'en-US'): BenchDocument {
  const billing = BILLING[locale];
  if (!billing) throw new Error(`no billing settings for ${locale}`);
  const random = seeded(1_000 + index * 7_919 + lineCount);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const business = index % 5 === 4;
  const name = business ? pick(BUSINESSES) : `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
  const plan = pick(PLANS);
  const planCents = BigInt(pick([4999, 5999, 7999, 8999, 12999]));

  const lines: BenchLine[] = [{ description: `${plan} — November 2026`, quantity: '1', unitPrice: money(planCents), amount: money(planCents) }];
  while (lines.length < lineCount) {
    const [description, unitCents, varies] = pick(LINE_KINDS);
    const suffix = lineCount > 12 ? ` · +1 212 555 ${String(100 + lines.length).padStart(4, '0')}` : '';
    if (varies === 'gigabytes') {
      // Quantities with decimals make the line amount a rounded product, as real usage is billed.
      const thousandths = BigInt(Math.round(250 + random() * 4_000));
      const amount = roundHalfUp(thousandths * BigInt(unitCents), 1000n);
      lines.push({ description: description + suffix, quantity: (Number(thousandths) / 1000).toString(), unitPrice: money(BigInt(unitCents)), amount: money(amount) });
      continue;
    }
    const quantity = varies === 'one' ? 1n : varies === 'minutes' ? BigInt(1 + Math.floor(random() * 180)) : BigInt(1 + Math.floor(random() * 4));
    lines.push({ description: description + suffix, quantity: String(quantity), unitPrice: money(BigInt(unitCents)), amount: money(quantity * BigInt(unitCents)) });
  }

  const subtotal = lines.reduce((sum, line) => sum + BigInt(line.amount.replace('.', '')), 0n);
  const tax = roundHalfUp(subtotal * billing.numerator, billing.denominator);
  const total = subtotal + tax;
  const serial = String(122 + index).padStart(6, '0');
  const id = `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
  const document: BenchDocument = {
    id,
    type: 'invoice',
    locale,
    externalRef: `INV-2026-${serial}`,
    recipient: {
      customerId: `C-${10_001 + index}`,
      name,
      email: `customer${index}@example.com`,
      phone: `+1212555${String(1_000 + (index % 9_000)).padStart(4, '0')}`,
      whatsapp: `+1212555${String(1_000 + (index % 9_000)).padStart(4, '0')}`,
    },
    data: {
      account: { number: `ACC-100-${String(index + 1).padStart(3, '0')}`, plan, segment: business ? 'business' : 'residential' },
      invoice: {
        number: `INV-2026-${serial}`,
        issueDate: '2026-11-01',
        dueDate: '2026-11-15',
        period: { from: '2026-11-01', to: '2026-11-30' },
        currency: billing.currency,
        lines,
        subtotal: money(subtotal),
        taxRate: billing.taxRate,
        tax: money(tax),
        total: money(total),
        amountDue: money(total),
      },
    },
  };
  // The platform refuses an invoice that does not add up; the bench must not time documents it would refuse.
  const errors = reconcileInvoice(document.data.invoice);
  if (errors.length > 0) throw new Error(`generated invoice ${index} does not reconcile: ${JSON.stringify(errors)}`);
  return document;
}

/** `count` different customers, each with an invoice of `lineCount` lines, in the given locales in turn. */
export function generateInvoices(count: number, lineCount: number, locales: readonly string[] = ['en-US']): BenchDocument[] {
  return Array.from({ length: count }, (_, index) => generateInvoice(index, lineCount, locales[index % locales.length]));
}
