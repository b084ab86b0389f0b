import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DocumentEntity, DocumentRepository } from '@app/documents';
import { DomainError } from '@app/kernel';
import { TemplateRepository } from '@app/template-store';

/** What paying an invoice needs from its data (`templates/invoice/data-contract.schema.json`). */
export interface InvoiceToPay {
  readonly document: DocumentEntity;
  readonly number: string;
  /** What the customer must pay now: `data.invoice.amountDue`, a decimal string in the currency's precision. */
  readonly amountDue: string;
  readonly currency: string;
  readonly account: { readonly number: string; readonly plan: string; readonly segment?: string };
}

interface InvoiceData {
  readonly account: InvoiceToPay['account'];
  readonly invoice: { readonly number: string; readonly amountDue: string; readonly currency: string };
}

/** Reads a stored document as an invoice to pay: 404 when there is none, `not_payable` when it is not an invoice. */
@Injectable()
export class PayableInvoices {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly templates: TemplateRepository,
  ) {}

  async load(documentId: string, manager?: EntityManager): Promise<InvoiceToPay> {
    const document = await this.documents.findById(documentId, manager);
    if (!document) throw new DomainError('not_found', `No document ${documentId}`);
    // The kind of the version the document was accepted under, not its template's key.
    const { content } = await this.templates.version(document.templateKey, document.templateVersion);
    const data = document.data as unknown as Partial<InvoiceData>;
    if (content.kind !== 'invoice' || !data.invoice) {
      throw new DomainError('not_payable', `Document ${documentId} is a ${content.kind}, not an invoice: there is nothing to pay`);
    }
    const { account } = data as InvoiceData;
    return {
      document,
      number: data.invoice.number,
      amountDue: data.invoice.amountDue,
      currency: data.invoice.currency,
      account: { number: account.number, plan: account.plan, ...(account.segment ? { segment: account.segment } : {}) },
    };
  }
}
