import { Module, OnApplicationShutdown } from '@nestjs/common';
import { AssetsModule } from '@app/assets';
import { EmailCompiler, PageScreenshotter, PdfEngine, PdfRasterizer, PopplerPdfRasterizer } from '@app/rendering';
import { MergeEngine } from '@app/templating';
import { AssetInliner } from './asset-inliner';
import { ChannelComposer } from './channel-composer';
import { CompiledTemplates } from './compiled-templates';
import { EmailComposer } from './email.composer';
import { CHANNEL_COMPOSERS, MessageComposer } from './message-composer';
import { PdfComposer } from './pdf.composer';
import { pageScreenshotterProvider, pdfEngineProvider } from './pdf-engine.factory';
import { SmsComposer } from './sms.composer';
import { WhatsAppComposer } from './whatsapp.composer';

@Module({
  imports: [AssetsModule],
  providers: [
    { provide: MergeEngine, useFactory: () => new MergeEngine() },
    { provide: EmailCompiler, useFactory: () => new EmailCompiler() },
    pdfEngineProvider,
    pageScreenshotterProvider,
    { provide: PdfRasterizer, useFactory: () => new PopplerPdfRasterizer() },
    CompiledTemplates,
    AssetInliner,
    EmailComposer,
    PdfComposer,
    SmsComposer,
    WhatsAppComposer,
    {
      provide: CHANNEL_COMPOSERS,
      useFactory: (...composers: ChannelComposer[]) => composers,
      inject: [EmailComposer, PdfComposer, SmsComposer, WhatsAppComposer],
    },
    MessageComposer,
  ],
  // Screenshots and PDF reading serve reviewers comparing renders (the version diff); the engine
  // itself prints for composers that run elsewhere (author content merged in a worker thread).
  exports: [MessageComposer, PdfEngine, PageScreenshotter, PdfRasterizer],
})
export class ComposerModule implements OnApplicationShutdown {
  constructor(private readonly pdf: PdfEngine) {}

  /** Closes Chromium after in-flight jobs have drained, leaving no browser processes behind. */
  async onApplicationShutdown(): Promise<void> {
    await this.pdf.close();
  }
}
