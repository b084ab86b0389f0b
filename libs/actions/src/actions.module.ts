import { DynamicModule, Global, Module } from '@nestjs/common';
import { ActionLinks, ActionLinkSettings } from './action-links';

@Global()
@Module({})
export class ActionsModule {
  static forRoot(settings: ActionLinkSettings): DynamicModule {
    return {
      module: ActionsModule,
      providers: [
        { provide: ActionLinkSettings, useValue: settings },
        { provide: ActionLinks, useFactory: (s: ActionLinkSettings) => new ActionLinks(s), inject: [ActionLinkSettings] },
      ],
      exports: [ActionLinks, ActionLinkSettings],
    };
  }
}
