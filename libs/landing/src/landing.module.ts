import { Module } from '@nestjs/common';
import { ActionLinkSettings } from '@app/actions';
import { AssetsModule } from '@app/assets';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ConsentModule } from '@app/consent';
import { DispatchModule } from '@app/dispatch';
import { DocumentsModule } from '@app/documents';
import { EventsModule } from '@app/events';
import { TemplateStoreModule } from '@app/template-store';
import { ActionAnalyticsRepository } from './action-analytics.repository';
import { AskQuestionUseCase } from './ask-question.use-case';
import { GetActionAnalyticsUseCase } from './get-action-analytics.use-case';
import { LandingDocumentReader } from './landing-document';
import { LandingFactsRepository } from './landing-facts.repository';
import { LandingPageRenderer } from './landing-page.renderer';
import { OpenQuestionUseCase } from './open-question.use-case';
import { OpenWhatsAppQuestionUseCase } from './open-whatsapp-question.use-case';
import { PressPayUseCase } from './press-pay.use-case';
import { PressTokens } from './press-token';
import { QuestionAcknowledgement } from './question-acknowledgement';
import { ShowActionPageUseCase } from './show-action-page.use-case';
import { VisitorClassifier } from './visitor-classifier';

const USE_CASES = [ShowActionPageUseCase, PressPayUseCase, AskQuestionUseCase, OpenQuestionUseCase, OpenWhatsAppQuestionUseCase, GetActionAnalyticsUseCase];

/**
 * The pay and ask pages. `PayAction` (from `@app/actions`) is bound by the
 * payments capability's module, made global by it; without one, the pay
 * button answers that payment is unavailable.
 */
@Module({
  imports: [DocumentsModule, TemplateStoreModule, AssetsModule, EventsModule, DispatchModule, ConsentModule],
  providers: [
    LandingDocumentReader,
    LandingFactsRepository,
    ActionAnalyticsRepository,
    QuestionAcknowledgement,
    VisitorClassifier,
    { provide: PressTokens, useFactory: (settings: ActionLinkSettings) => new PressTokens(settings.signingSecret), inject: [ActionLinkSettings] },
    {
      provide: LandingPageRenderer,
      useFactory: (config: AppConfig) => new LandingPageRenderer({ answerWithin: config.landing.askAnswerWithin, checkoutOrigins: config.landing.checkoutOrigins }),
      inject: [APP_CONFIG],
    },
    ...USE_CASES,
  ],
  exports: [...USE_CASES, LandingPageRenderer],
})
export class LandingModule {}
