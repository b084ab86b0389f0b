import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/kernel';
import type { DocumentEntity, DocumentStatus } from './document.entity';
import { DocumentPosition, DocumentRepository } from './document.repository';

export interface DocumentSearch {
  readonly externalRef?: string;
  readonly customerId?: string;
  readonly type?: string;
  readonly status?: DocumentStatus;
  readonly limit: number;
  readonly cursor?: string;
}

/** One line of a search answer: enough to recognise the document; its renditions and deliveries are at its own href. */
export interface DocumentSummary {
  readonly id: string;
  readonly href: string;
  readonly type: string;
  readonly status: DocumentStatus;
  readonly locale: string;
  readonly externalRef: string | null;
  readonly customerId: string | null;
  readonly template: { readonly key: string; readonly version: number };
  readonly channels: readonly string[];
  readonly createdAt: string;
}

export interface DocumentSearchPage {
  readonly items: readonly DocumentSummary[];
  readonly nextCursor: string | null;
}

/** Documents for operators and reviewers, newest first, a page at a time (keyset: no page is skipped or repeated as new ones arrive). */
@Injectable()
export class SearchDocumentsUseCase {
  constructor(private readonly documents: DocumentRepository) {}

  async execute(search: DocumentSearch): Promise<DocumentSearchPage> {
    const rows = await this.documents.search({
      externalRef: search.externalRef,
      customerId: search.customerId,
      type: search.type,
      status: search.status,
      before: search.cursor ? decodeDocumentCursor(search.cursor) : undefined,
      limit: search.limit + 1,
    });
    const page = rows.slice(0, search.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => summaryOf(row.document)),
      nextCursor: rows.length > search.limit && last ? encodeDocumentCursor(last.position) : null,
    };
  }
}

function summaryOf(document: DocumentEntity): DocumentSummary {
  return {
    id: document.id,
    href: `/v1/documents/${document.id}`,
    type: document.type,
    status: document.status,
    locale: document.locale,
    externalRef: document.externalRef,
    customerId: document.recipient?.customerId ?? null,
    template: { key: document.templateKey, version: document.templateVersion },
    channels: document.channels,
    createdAt: document.createdAt.toISOString(),
  };
}

function encodeDocumentCursor(position: DocumentPosition): string {
  return Buffer.from(`${position.createdAt}|${position.id}`).toString('base64url');
}

/** An opaque cursor; anything `encodeDocumentCursor` did not make is refused naming the parameter. */
export function decodeDocumentCursor(cursor: string): DocumentPosition {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor) || !id || !/^[0-9a-f-]{36}$/i.test(id) || !instant.test(createdAt ?? '') || Number.isNaN(new Date(createdAt).getTime())) {
    throw new DomainError('validation_failed', 'cursor is not one this API returned', [{ pointer: '/query/cursor', message: 'is not a cursor this API returned' }]);
  }
  return { createdAt, id };
}
