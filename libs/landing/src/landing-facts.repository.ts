import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ActionPurpose } from '@app/actions';
import type { QuestionTopic } from './landing-page';
import type { Visitor } from './visitor-classifier';

export interface LinkFacts {
  readonly linkId: string;
  readonly documentId: string;
  readonly purpose: ActionPurpose;
}

export type PressOutcome = 'checkout' | 'already_paid' | 'question' | 'failed';

export interface NewQuestion {
  readonly documentId: string;
  readonly linkId: string | null;
  readonly origin: 'web' | 'whatsapp';
  readonly topic: QuestionTopic;
  /** Index of the invoice line it is about, or null for the whole invoice. */
  readonly lineRef: number | null;
  readonly message: string;
  readonly locale: string;
  /** The provider's id of the message that asked (WhatsApp's `wamid`), for redelivered webhooks. */
  readonly providerMessageId?: string | null;
}

export interface StoredQuestion extends NewQuestion {
  readonly id: string;
  readonly createdAt: Date;
}

/**
 * The append-only facts of the landing pages: `action_link_views`,
 * `action_presses` and `questions`. Inserts only; the tables refuse anything else.
 */
@Injectable()
export class LandingFactsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async recordView(link: LinkFacts, method: 'GET' | 'HEAD', visitor: Visitor, userAgent: string | null): Promise<void> {
    await this.db.query(
      `INSERT INTO action_link_views (id, link_id, document_id, purpose, method, visitor, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [randomUUID(), link.linkId, link.documentId, link.purpose, method, visitor, userAgent],
    );
  }

  async recordPress(link: LinkFacts, outcome: PressOutcome, hadCookie: boolean, userAgent: string | null, manager: EntityManager = this.db.manager): Promise<string> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO action_presses (id, link_id, document_id, purpose, outcome, had_cookie, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, link.linkId, link.documentId, link.purpose, outcome, hadCookie, userAgent],
    );
    return id;
  }

  /** The stored question; null when a question from the same provider message is already stored. */
  async insertQuestion(question: NewQuestion, manager: EntityManager): Promise<StoredQuestion | null> {
    const id = randomUUID();
    const rows = (await manager.query(
      `INSERT INTO questions (id, document_id, link_id, origin, topic, line_ref, message, locale, provider_message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (provider_message_id) DO NOTHING
       RETURNING created_at`,
      [id, question.documentId, question.linkId, question.origin, question.topic, question.lineRef, question.message, question.locale, question.providerMessageId ?? null],
    )) as Array<{ created_at: Date }>;
    return rows[0] ? { ...question, id, createdAt: rows[0].created_at } : null;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
