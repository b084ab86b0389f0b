import type { AssetStore } from '@app/assets';
import { EmailCompiler, type PdfEngine } from '@app/rendering';
import { MergeEngine } from '@app/templating';
import { AssetInliner } from './asset-inliner';
import { CompiledTemplates } from './compiled-templates';
import { EmailComposer } from './email.composer';
import { MessageComposer } from './message-composer';
import { PdfComposer } from './pdf.composer';
import { SmsComposer } from './sms.composer';
import { WhatsAppComposer } from './whatsapp.composer';

/**
 * The composers wired by hand, for a thread without the application's
 * container: the same parts the module provides, with the PDF engine and the
 * asset store the caller gives.
 */
export function standaloneComposer(ports: { readonly pdf: PdfEngine; readonly assets: AssetStore }): MessageComposer {
  const compiled = new CompiledTemplates(new MergeEngine());
  const inliner = new AssetInliner(ports.assets);
  return new MessageComposer([
    new EmailComposer(compiled, new EmailCompiler(), inliner),
    new PdfComposer(compiled, ports.pdf, inliner),
    new SmsComposer(compiled),
    new WhatsAppComposer(compiled),
  ]);
}
