import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/kernel';
import { DocumentLedgerRepository } from './document-ledger.repository';
import { findLedgerBreak, LedgerBreak, LedgerEntry } from './document-ledger.hash';
import { DocumentRepository } from './document.repository';

export interface DocumentLedgerView {
  readonly documentId: string;
  readonly entries: readonly LedgerEntry[];
  /** The chain recomputed now: `ok`, or the first entry that does not hold. */
  readonly verification: { readonly ok: true } | ({ readonly ok: false } & LedgerBreak);
}

/** A document's own history (accepted, each rendition's bytes hash), verified as it is read. */
@Injectable()
export class GetDocumentLedgerUseCase {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly ledger: DocumentLedgerRepository,
  ) {}

  async execute(documentId: string): Promise<DocumentLedgerView> {
    if (!(await this.documents.findById(documentId))) throw new DomainError('not_found', `No document ${documentId}`);
    const entries = await this.ledger.of(documentId);
    const broken = findLedgerBreak(entries);
    return { documentId, entries, verification: broken ? { ok: false, ...broken } : { ok: true } };
  }
}
