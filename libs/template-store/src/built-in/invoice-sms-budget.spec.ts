import * as path from 'node:path';
import { ActionLinkFormat } from '@app/actions';
import { contentHash, type PinnedVersion } from '@app/contracts';
import { DomainError } from '@app/kernel';
import { MergeEngine } from '@app/templating';
import { CompiledTemplates } from '../../../composer/src/compiled-templates';
import { MessageComposer } from '../../../composer/src/message-composer';
import { SmsComposer } from '../../../composer/src/sms.composer';
import { loadBuiltInTemplates } from './index';

/**
 * The invoice SMS carries its pay link, 24 characters of token after
 * `<CCM_PUBLIC_URL>/a/pay/`. With the largest amounts and the longest invoice
 * numbers a billing system realistically sends, in every language, it must stay
 * within the template's segment budget: English as GSM-7 (153 characters a
 * segment once split), Arabic and Chinese as UCS-2 (67).
 */
const TEMPLATES_DIR = path.resolve(__dirname, '../../../../templates');
/** A public URL longer than the examples', as a deployment under its own domain would have. */
const PUBLIC_URLS = ['https://ccm.northwind.example', 'https://billing.northwind-fiber.example'];

interface Case {
  readonly locale: string;
  readonly currency: string;
  readonly amountDue: string;
  readonly encoding: 'GSM-7' | 'UCS-2';
}

/** Amounts in the tens of millions of minor units and three-decimal dinars; numbers of 22 characters. */
const CASES: readonly Case[] = [
  { locale: 'en-US', currency: 'USD', amountDue: '1234567.89', encoding: 'GSM-7' },
  { locale: 'en-US', currency: 'JPY', amountDue: '123456789', encoding: 'GSM-7' },
  { locale: 'ar-SA', currency: 'SAR', amountDue: '1234567.89', encoding: 'UCS-2' },
  { locale: 'ar-KW', currency: 'KWD', amountDue: '1234567.890', encoding: 'UCS-2' },
  { locale: 'ar-AE', currency: 'AED', amountDue: '1234567.89', encoding: 'UCS-2' },
  { locale: 'zh-CN', currency: 'CNY', amountDue: '1234567.89', encoding: 'UCS-2' },
];
const LONG_INVOICE_NUMBER = 'INV-2026-KW-0001234567';
/** The longest month names of the medium date form fall in September and December. */
const DUE_DATES = ['2026-09-30', '2026-12-31'];

let version: PinnedVersion;

beforeAll(async () => {
  const templates = await loadBuiltInTemplates(TEMPLATES_DIR, { publicUrl: PUBLIC_URLS[0] });
  const { key, content } = templates.find((template) => template.key === 'invoice')!;
  version = { key, number: 1, contentHash: contentHash(content), content };
});

describe('the invoice SMS with its pay link', () => {
  const composer = new SmsComposer(new CompiledTemplates(new MergeEngine()));
  const contexts = new MessageComposer([]);
  const sample = () => version.content.samples!['en-us'];

  it.each(CASES.flatMap((c) => PUBLIC_URLS.flatMap((publicUrl) => DUE_DATES.map((dueDate) => ({ ...c, publicUrl, dueDate })))))(
    '$locale $currency $amountDue due $dueDate at $publicUrl fits its budget',
    async ({ locale, currency, amountDue, encoding, publicUrl, dueDate }) => {
      const links = new ActionLinkFormat({ publicUrl, signingSecret: 'invoice-sms-budget-spec-secret-0123456789' }).sample('0b7a1c4e-8f7e-4a53-9e1d-2f5f3c9a6b10');
      expect(links.payPath).toHaveLength(24);
      const data = structuredClone(sample().data) as { invoice: Record<string, unknown> };
      Object.assign(data.invoice, { number: LONG_INVOICE_NUMBER, currency, amountDue, total: amountDue, dueDate });
      const context = await contexts.context({
        content: version.content,
        localeTag: locale,
        document: { id: '0b7a1c4e-8f7e-4a53-9e1d-2f5f3c9a6b10', type: 'invoice' },
        recipient: sample().recipient,
        data,
        actions: links,
      });
      const output = await composer.compose(version, context).catch((error: unknown) => {
        throw error instanceof DomainError ? new Error(`${error.message}: ${JSON.stringify(error.errors)}`) : error;
      });
      const message = JSON.parse(output.body.toString('utf8')) as { text: string; encoding: string; segments: number };
      expect(message.text.endsWith(` ${links.payUrl}`)).toBe(true);
      expect(message.encoding).toBe(encoding);
      expect(message.segments).toBeLessThanOrEqual(version.content.channels.sms!.maxSegments);
      // An English bill with its link in two messages, an Arabic or Chinese one in three: what a customer pays for.
      expect(message.segments).toBeLessThanOrEqual(encoding === 'GSM-7' ? 2 : 3);
    },
  );
});
