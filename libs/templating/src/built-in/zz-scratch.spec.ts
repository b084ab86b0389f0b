import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { ActionLinks } from '@app/actions';
import { EmailCompiler } from '@app/rendering';
import { analyzeSms } from '../../../rendering/src/sms';
import { buildWhatsAppMessage } from '../../../rendering/src/whatsapp';
import { MergeEngine } from '../merge-engine';
import { MessageCatalog } from '../message-catalog';
import { resolveLocale } from '../resolve-locale';
import { loadBuiltInTemplates } from './index';

it('scratch', async () => {
  const templates = await loadBuiltInTemplates(path.resolve(__dirname, '../../../../templates'));
  const dir = '/work/shared/fixtures/documents';
  const links = new ActionLinks({ publicUrl: 'https://ccm.northwind.example', signingSecret: 'x'.repeat(40) });
  const engine = new MergeEngine();
  const compiler = new EmailCompiler();
  const out: string[] = [];
  await mkdir('/tmp/tpl', { recursive: true });
  let n = 0;
  for (const file of (await readdir(dir)).sort()) {
    const doc = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
    const content = templates.find((t) => t.key === doc.type)!.content;
    const own = doc.locale;
    for (const tag of [own, ...['en-US', 'ar-SA', 'zh-CN'].filter((t) => t.slice(0, 2) !== own.slice(0, 2))]) {
      n++;
      const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      const locale = resolveLocale(tag, content);
      const ctx: any = { ...doc.data, recipient: doc.recipient, document: { id, type: doc.type, externalRef: doc.externalRef }, locale, actions: links.forDocument(id) };
      const env = (channel: any) => ({ catalog: MessageCatalog.fromContent(content, locale.language), channel });
      const sms = engine.compile(content.channels.sms!.text, { escape: 'none' })(ctx, env('sms'));
      const a = analyzeSms(sms, { smart: content.channels.sms!.smartEncoding });
      out.push(`${file} ${tag}: ${a.encoding} chars=${a.characters} segments=${a.segments} max=${content.channels.sms!.maxSegments}\n  ${JSON.stringify(a.text)}`);
      const base = `/tmp/tpl/${file.replace('.json', '')}.${tag}`;
      const pre = await compiler.precompile(content.channels.email!.mjml, { dir: locale.dir, lang: locale.language });
      const html = engine.compile(pre, { escape: 'html' })(ctx, env('email'));
      const subject = engine.compile(content.channels.email!.subject, { escape: 'none' })(ctx, env('email'));
      const text = engine.compile(content.channels.email!.text, { escape: 'none' })(ctx, env('email'));
      const pdf = engine.compile(content.channels.pdf!.html, { escape: 'html' })(ctx, env('pdf'));
      await writeFile(`${base}.email.html`, html);
      await writeFile(`${base}.email.txt`, `Subject: ${subject}\n\n${text}`);
      await writeFile(`${base}.pdf.html`, pdf);
      const wa = content.channels.whatsapp!;
      const params = Object.fromEntries(Object.entries(wa.parameters).map(([k, e]) => [k, engine.compile(e, { escape: 'none' })(ctx, env('whatsapp'))]));
      const suffixes = wa.buttons.flatMap((b) => (b.type === 'url' ? [engine.compile(b.suffix!, { escape: 'none' })(ctx, env('whatsapp'))] : []));
      const msg = buildWhatsAppMessage({ content: wa, language: locale.language, to: '+966501234567', parameterValues: params, buttonSuffixes: suffixes });
      await writeFile(`${base}.whatsapp.json`, JSON.stringify({ filled: msg.filled, findings: msg.findings, payload: msg.payload }, null, 2));
      out.push(`  email html ${Buffer.byteLength(html)} bytes; whatsapp body ${msg.filled.body.length} chars`);
    }
  }
  {
    const doc = JSON.parse(await readFile(path.join(dir, 'invoice-ar-sa.json'), 'utf8'));
    doc.data.invoice.lines = Array.from({ length: 200 }, (_, i) => ({ description: `مكالمات دولية — رقم ${i + 1}`, quantity: '12', unitPrice: '0.80', amount: '9.60' }));
    const content = templates.find((t) => t.key === 'invoice')!.content;
    for (const tag of ['ar-SA', 'zh-CN']) {
      const locale = resolveLocale(tag, content);
      const id = '00000000-0000-4000-8000-999999999999';
      const ctx: any = { ...doc.data, recipient: doc.recipient, document: { id, type: 'invoice' }, locale, actions: links.forDocument(id) };
      const env = (channel: any) => ({ catalog: MessageCatalog.fromContent(content, locale.language), channel });
      await writeFile(`/tmp/tpl/long.${tag}.pdf.html`, engine.compile(content.channels.pdf!.html, { escape: 'html' })(ctx, env('pdf')));
      const pre = await compiler.precompile(content.channels.email!.mjml, { dir: locale.dir, lang: locale.language });
      const html = engine.compile(pre, { escape: 'html' })(ctx, env('email'));
      out.push(`200-line invoice email ${tag}: ${Buffer.byteLength(html)} bytes`);
    }
  }
  await writeFile('/tmp/tpl/report.txt', out.join('\n'));
});
