import { Module } from '@nestjs/common';
import { EmailCompiler } from '@app/rendering';
import { MergeEngine } from '@app/templating';
import { ChannelComposer } from './channel-composer';
import { CompiledTemplates } from './compiled-templates';
import { EmailComposer } from './email.composer';
import { CHANNEL_COMPOSERS, MessageComposer } from './message-composer';

@Module({
  providers: [
    { provide: MergeEngine, useFactory: () => new MergeEngine() },
    { provide: EmailCompiler, useFactory: () => new EmailCompiler() },
    CompiledTemplates,
    EmailComposer,
    {
      provide: CHANNEL_COMPOSERS,
      useFactory: (...composers: ChannelComposer[]) => composers,
      inject: [EmailComposer],
    },
    MessageComposer,
  ],
  exports: [MessageComposer],
})
export class ComposerModule {}
