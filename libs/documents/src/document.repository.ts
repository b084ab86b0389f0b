import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DocumentEntity, DocumentStatus } from './document.entity';

export type NewDocument = Omit<DocumentEntity, 'createdAt' | 'updatedAt' | 'batchId'> & { readonly batchId?: string | null };

/** The `documents` table. Writes that belong to a larger change take the caller's transaction. */
@Injectable()
export class DocumentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findById(id: string, manager: EntityManager = this.db.manager): Promise<DocumentEntity | null> {
    return manager.findOneBy(DocumentEntity, { id });
  }

  findByExternalRef(type: string, externalRef: string, manager: EntityManager = this.db.manager): Promise<DocumentEntity | null> {
    return manager.findOneBy(DocumentEntity, { type, externalRef });
  }

  /** Inserts the document and returns it as stored (with its timestamps). */
  async insert(document: NewDocument, manager: EntityManager): Promise<DocumentEntity> {
    return manager.save(DocumentEntity, manager.create(DocumentEntity, document));
  }

  /**
   * Moves an accepted document to its outcome; a document already settled stays
   * as it is. True when this call moved it.
   */
  async settle(id: string, status: Exclude<DocumentStatus, 'accepted'>, manager: EntityManager = this.db.manager): Promise<boolean> {
    const result = await manager.update(DocumentEntity, { id, status: 'accepted' }, { status });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Holds the document's row until `manager`'s transaction ends: what is
   * serialised per document (its ledger) waits only for that document.
   */
  async lock(id: string, manager: EntityManager): Promise<void> {
    await manager.query('SELECT 1 FROM documents WHERE id = $1 FOR UPDATE', [id]);
  }
}
