import { Injectable } from '@nestjs/common';
import { PublishEventUseCase } from '@app/events';
import type { LandingDocument } from './landing-document';
import { LandingFactsRepository, type NewQuestion, type StoredQuestion } from './landing-facts.repository';
import { type AcknowledgementTarget, QuestionAcknowledgement } from './question-acknowledgement';

export interface QuestionToOpen {
  readonly document: LandingDocument;
  readonly linkId: string | null;
  readonly origin: NewQuestion['origin'];
  readonly topic: NewQuestion['topic'];
  readonly lineRef: number | null;
  readonly message: string;
  readonly providerMessageId?: string;
  /** Where to acknowledge it; null → the first channel the document went out on. */
  readonly acknowledgeTo: AcknowledgementTarget | null;
  /** Recorded in the same transaction (the press of the ask page's button). */
  readonly alsoRecord?: (manager: Parameters<Parameters<LandingFactsRepository['transaction']>[0]>[0]) => Promise<unknown>;
}

/**
 * A customer's question about a document, from the ask page or WhatsApp: the
 * question and its signed `action.question` event (the business's billing or
 * support system hears of it) commit together, then the customer is told it
 * arrived. Null when the same provider message was already a question.
 */
@Injectable()
export class OpenQuestionUseCase {
  constructor(
    private readonly facts: LandingFactsRepository,
    private readonly events: PublishEventUseCase,
    private readonly acknowledgement: QuestionAcknowledgement,
  ) {}

  async execute(input: QuestionToOpen): Promise<StoredQuestion | null> {
    const { document } = input;
    const question = await this.facts.transaction(async (manager) => {
      const stored = await this.facts.insertQuestion(
        {
          documentId: document.id,
          linkId: input.linkId,
          origin: input.origin,
          topic: input.topic,
          lineRef: input.lineRef,
          message: input.message,
          locale: document.localeTag,
          providerMessageId: input.providerMessageId ?? null,
        },
        manager,
      );
      if (!stored) return null;
      await input.alsoRecord?.(manager);
      await this.events.publish(
        {
          type: 'action.question',
          documentId: document.id,
          data: {
            questionId: stored.id,
            documentId: document.id,
            invoiceNumber: document.number,
            origin: stored.origin,
            topic: stored.topic,
            line: stored.lineRef === null ? null : { index: stored.lineRef, description: document.lines[stored.lineRef] ?? null },
            message: stored.message,
            locale: stored.locale,
            askedAt: stored.createdAt.toISOString(),
          },
        },
        manager,
      );
      return stored;
    });
    if (!question) return null;
    const target = input.acknowledgeTo ?? (await this.acknowledgement.firstChannelOf(document.id));
    if (target) await this.acknowledgement.send(target, document, question);
    return question;
  }
}
