import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';
import { ActionLinks } from '@app/actions';
import type { Principal } from '@app/auth';
import type { PinnedVersion } from '@app/contracts';
import { JobQueue } from '@app/jobs';
import { DomainError, FieldError } from '@app/kernel';
import { BatchCompletion } from './batch-completion';
import { BatchRepository } from './batch.repository';
import { CreateDocumentUseCase, dueDateOf, PreparedDocument } from './create-document.use-case';
import { DocumentLedgerRepository } from './document-ledger.repository';
import { DocumentRequest } from './document-request';
import { DocumentRepository } from './document.repository';
import { batchRenderJobsFor } from './render-document.queue';

/** Lines of a chunk checked between two turns of the event loop. */
const PREPARED_BETWEEN_TURNS = 25;

/** One line of a batch: the request as the edge parsed and checked it, or why it could not. */
export interface BatchLine {
  readonly line: number;
  readonly request?: DocumentRequest;
  readonly refusal?: DomainError;
}

export type BatchLineResult =
  | { readonly line: number; readonly status: 'accepted'; readonly documentId: string; readonly created: boolean }
  | { readonly line: number; readonly status: 'refused'; readonly code: string; readonly message: string; readonly errors: readonly FieldError[] };

interface Candidate {
  readonly line: number;
  readonly request: DocumentRequest;
  readonly prepared: PreparedDocument;
  readonly id: string;
}

/**
 * Accepts a batch's lines chunk by chunk. Each line is validated as a single
 * POST is (`CreateDocumentUseCase.prepare`); a chunk's accepted documents, their
 * renditions, ledger entries and render jobs are written by a handful of
 * multi-row statements in one transaction. A line repeating an `externalRef`
 * (in this batch or before it) is that document when its content is the same,
 * and refused as a conflict otherwise — as a POST would be.
 */
@Injectable()
export class AcceptBatchUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly createDocument: CreateDocumentUseCase,
    private readonly batches: BatchRepository,
    private readonly documents: DocumentRepository,
    private readonly ledger: DocumentLedgerRepository,
    private readonly jobs: JobQueue,
    private readonly completion: BatchCompletion,
    private readonly links: ActionLinks,
  ) {}

  async open(principal: Principal): Promise<string> {
    const id = randomUUID();
    await this.batches.create(id, principal.keyId);
    return id;
  }

  async acceptChunk(batchId: string, principal: Principal, lines: readonly BatchLine[]): Promise<BatchLineResult[]> {
    const results = new Map<number, BatchLineResult>();
    const candidates: Candidate[] = [];
    const repeats: Array<{ line: number; request: DocumentRequest }> = [];
    const claimedRefs = new Set<string>();
    const versions = new Map<string, Promise<PinnedVersion>>();
    for (const [index, { line, request, refusal }] of lines.entries()) {
      // A turn of the event loop every few lines: checking a chunk's 250 lines is CPU, and in one
      // stretch it held back every round trip of documents posted on their own meanwhile.
      if (index % PREPARED_BETWEEN_TURNS === PREPARED_BETWEEN_TURNS - 1) await nextTurn();
      if (!request) {
        results.set(line, refused(line, refusal ?? new DomainError('validation_failed', 'The line is not a document request')));
        continue;
      }
      try {
        const prepared = await this.createDocument.prepare(request, versions);
        const ref = request.externalRef === undefined ? undefined : `${request.type}\u0000${request.externalRef}`;
        if (ref !== undefined && claimedRefs.has(ref)) {
          repeats.push({ line, request });
          continue;
        }
        if (ref !== undefined) claimedRefs.add(ref);
        candidates.push({ line, request, prepared, id: randomUUID() });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.set(line, refused(line, error));
      }
    }

    const inserted = await this.db.transaction(async (manager) => {
      const created = await this.insertDocuments(manager, batchId, principal, candidates);
      const accepted = candidates.filter((candidate) => created.has(candidate.id));
      await manager.query(
        `INSERT INTO renditions (document_id, channel, status) SELECT d.id, c.channel, 'pending' FROM documents d, unnest(d.channels) AS c(channel) WHERE d.id = ANY($1::uuid[])`,
        [accepted.map((candidate) => candidate.id)],
      );
      await this.links.issueMany(manager, accepted.map(({ id, request }) => ({ documentId: id, dueDate: dueDateOf(request.data) })));
      await this.ledger.appendFirstOfMany(
        manager,
        accepted.map(({ id, prepared }) => ({
          documentId: id,
          details: {
            actor: principal.keyId,
            requestSha256: prepared.requestSha256,
            template: { key: prepared.version.key, version: prepared.version.number, contentHash: prepared.version.contentHash },
            channels: prepared.channels,
            batch: batchId,
          },
        })),
      );
      const renders = batchRenderJobsFor(accepted.map(({ id, prepared }) => ({ id, channels: prepared.channels })));
      for (const { queue, priority, jobs } of renders) await this.jobs.enqueueMany(queue, jobs, { within: manager, priority });
      return created;
    });

    for (const candidate of candidates) {
      if (inserted.has(candidate.id)) {
        results.set(candidate.line, { line: candidate.line, status: 'accepted', documentId: candidate.id, created: true });
      } else {
        repeats.push({ line: candidate.line, request: candidate.request });
      }
    }
    // Lines naming a document that already exists: the same content is that document, other content a conflict.
    for (const { line, request } of repeats) results.set(line, await this.existing(line, request));

    const all = [...results.values()].sort((a, b) => a.line - b.line);
    const acceptedCount = all.filter((result) => result.status === 'accepted' && result.created).length;
    await this.batches.addLines(batchId, lines.length, acceptedCount, all.filter((result) => result.status === 'refused').length);
    return all;
  }

  async finish(batchId: string): Promise<void> {
    await this.batches.finishIntake(batchId);
    // Every document may have rendered while lines were still arriving.
    await this.db.transaction((manager) => this.completion.settleIfDone(manager, batchId));
  }

  /** One multi-row insert; a document whose `externalRef` is already taken is skipped. The ids inserted. */
  private async insertDocuments(manager: EntityManager, batchId: string, principal: Principal, candidates: readonly Candidate[]): Promise<Set<string>> {
    if (!candidates.length) return new Set();
    const values: unknown[] = [];
    const rows = candidates.map(({ id, request, prepared }, index) => {
      values.push(
        id,
        request.type,
        prepared.version.key,
        prepared.version.number,
        prepared.version.contentHash,
        request.locale,
        request.externalRef ?? null,
        JSON.stringify(request.recipient),
        JSON.stringify(request.data),
        prepared.channels,
        request.dispatch ?? false,
        principal.keyId,
        batchId,
      );
      const at = index * 13;
      const p = (n: number) => `$${at + n}`;
      return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}::jsonb, ${p(9)}::jsonb, ${p(10)}::text[], ${p(11)}, 'accepted', ${p(12)}, ${p(13)})`;
    });
    const returned = (await manager.query(
      `INSERT INTO documents (id, type, template_key, template_version, content_hash, locale, external_ref, recipient, data, channels, dispatch, status, created_by, batch_id)
       VALUES ${rows.join(', ')}
       ON CONFLICT (type, external_ref) WHERE external_ref IS NOT NULL DO NOTHING
       RETURNING id`,
      values,
    )) as Array<{ id: string }>;
    return new Set(returned.map((row) => row.id));
  }

  private async existing(line: number, request: DocumentRequest): Promise<BatchLineResult> {
    const document = request.externalRef ? await this.documents.findByExternalRef(request.type, request.externalRef) : null;
    if (!document) return refused(line, new DomainError('conflict', 'The document could not be accepted; send the line again'));
    if (!CreateDocumentUseCase.sameContent(document, request)) {
      return refused(
        line,
        new DomainError('conflict', `externalRef "${request.externalRef}" already names another ${request.type}`, [
          { pointer: '/externalRef', message: `already used by document ${document.id} with different content` },
        ]),
      );
    }
    return { line, status: 'accepted', documentId: document.id, created: false };
  }
}

function refused(line: number, error: DomainError): BatchLineResult {
  return { line, status: 'refused', code: error.code, message: error.message, errors: [...error.errors] };
}
