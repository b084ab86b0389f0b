import { Module } from '@nestjs/common';
import { EmailCompiler } from '@app/rendering';
import { MergeEngine } from '@app/templating';
import { ChannelComposer } from './channel-composer';
import { CompiledTemplates } from './compiled-templates';
import { EmailComposer } from './email.composer';
import { SmsComposer } from './sms.composer';
import { WhatsAppComposer } from './whatsapp.composer';
import { CHANNEL_COMPOSERS, MessageComposer } from './message-composer';

@Module({
  providers: [
    { provide: MergeEngine, useFactory: () => new MergeEngine() },
    { provide: EmailCompiler, useFactory: () => new EmailCompiler() },
    CompiledTemplates,
    EmailComposer,
    SmsComposer,
    WhatsAppComposer,
    {
      provide: CHANNEL_COMPOSERS,
      useFactory: (...composers: ChannelComposer[]) => composers,
      inject: [EmailComposer, SmsComposer, WhatsAppComposer],
    },
    MessageComposer,
  ],
  exports: [MessageComposer],
})
export class ComposerModule {}
