import { Inject, Injectable } from '@nestjs/common';
import { ActionLinks } from '@app/actions';
import { APP_CONFIG, AppConfig } from '@app/config';
import { LandingDocumentReader } from './landing-document';
import { LandingFactsRepository } from './landing-facts.repository';
import { type LandingOutcome, QUESTION_MAX_LENGTH, QUESTION_TOPICS, type QuestionTopic } from './landing-page';
import { OpenQuestionUseCase } from './open-question.use-case';
import { PressTokens } from './press-token';
import { closedPage, resolveLanding, whatsappUrl } from './show-action-page.use-case';
import { truncatedUserAgent, type VisitFacts } from './visitor-classifier';

/** The ask page's form as posted (`application/x-www-form-urlencoded`). */
export interface AskForm {
  readonly token: string;
  readonly pressToken: unknown;
  readonly topic: unknown;
  readonly line: unknown;
  readonly message: unknown;
  readonly visit: VisitFacts;
}

/**
 * The ask page's button: stores the question (`OpenQuestionUseCase`: the
 * question, its signed event and this press in one transaction, then the
 * acknowledgement) and thanks the customer on the page. A forged POST does
 * nothing; a form that is not what the page offers is shown again with why.
 */
@Injectable()
export class AskQuestionUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: ActionLinks,
    private readonly reader: LandingDocumentReader,
    private readonly facts: LandingFactsRepository,
    private readonly pressTokens: PressTokens,
    private readonly openQuestion: OpenQuestionUseCase,
  ) {}

  async execute(form: AskForm): Promise<LandingOutcome> {
    const resolved = await resolveLanding(this.links, this.reader, 'ask', form.token, form.visit.acceptLanguage);
    if (!resolved.ok) return { kind: 'page', page: resolved.page };
    const { link, document } = resolved;
    if (!this.pressTokens.verify('ask', form.token, form.pressToken)) {
      return { kind: 'page', page: { kind: 'forbidden', document, language: document.language } };
    }
    const closed = closedPage(link, document);
    if (closed) return { kind: 'page', page: closed };
    const question = parseQuestion(form, document.lines.length);
    if (!question) {
      return { kind: 'page', page: { kind: 'ask', document, pressToken: this.pressTokens.issue('ask', form.token), whatsappUrl: whatsappUrl(this.config.landing.whatsappBusinessNumber, document), invalid: true } };
    }
    const linkFacts = { linkId: link.linkId, documentId: link.documentId, purpose: 'ask' as const };
    await this.openQuestion.execute({
      document,
      linkId: link.linkId,
      origin: 'web',
      ...question,
      acknowledgeTo: null,
      alsoRecord: (manager) => this.facts.recordPress(linkFacts, 'question', form.visit.hasCookie, truncatedUserAgent(form.visit.userAgent), manager),
    });
    return { kind: 'page', page: { kind: 'asked', document } };
  }
}

/** The question as the form sent it, or null when it is not one the page could have sent. */
export function parseQuestion(form: Pick<AskForm, 'topic' | 'line' | 'message'>, lineCount: number): { topic: QuestionTopic; lineRef: number | null; message: string } | null {
  if (typeof form.topic !== 'string' || !(QUESTION_TOPICS as readonly string[]).includes(form.topic)) return null;
  if (typeof form.message !== 'string') return null;
  // Line breaks as browsers send them (CRLF) count once, as the textarea's maxlength counts them.
  const message = form.message.replace(/\r\n/g, '\n').trim();
  if (!message || [...message].length > QUESTION_MAX_LENGTH) return null;
  let lineRef: number | null = null;
  if (form.line !== undefined && form.line !== '') {
    if (typeof form.line !== 'string' || !/^\d{1,5}$/.test(form.line) || Number(form.line) >= lineCount) return null;
    lineRef = Number(form.line);
  }
  return { topic: form.topic as QuestionTopic, lineRef, message };
}
