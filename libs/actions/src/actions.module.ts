import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActionLinkEntity } from './action-link.entity';
import { ActionLinkFormat } from './action-link-format';
import { ActionLinks, ActionLinkSettings } from './action-links';

@Global()
@Module({})
export class ActionsModule {
  static forRoot(settings: ActionLinkSettings): DynamicModule {
    return {
      module: ActionsModule,
      imports: [TypeOrmModule.forFeature([ActionLinkEntity])],
      providers: [
        { provide: ActionLinkSettings, useValue: settings },
        { provide: ActionLinkFormat, useFactory: (s: ActionLinkSettings) => new ActionLinkFormat(s), inject: [ActionLinkSettings] },
        ActionLinks,
      ],
      exports: [ActionLinks, ActionLinkFormat, ActionLinkSettings],
    };
  }
}
