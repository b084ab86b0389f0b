import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ActionLinks } from '@app/actions';
import type { Principal } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobQueue } from '@app/jobs';
import { DomainError, FieldError } from '@app/kernel';
import { canonicalJson, type Channel, PinnedVersion } from '@app/contracts';
import { TemplateRepository } from '@app/template-store';
import { DataContractValidator } from '@app/templating';
import { channelConstraintErrors } from './channel-constraints';
import { DocumentLedgerRepository } from './document-ledger.repository';
import { DocumentRequest } from './document-request';
import { DocumentEntity } from './document.entity';
import { dispatchAddressErrors } from './dispatch-addresses';
import { DocumentRepository } from './document.repository';
import { DocumentView, toDocumentView } from './document.view';
import { IdempotencyKeyRepository } from './idempotency-key.repository';
import { InvoiceFigures, reconcileInvoice } from './invoice-reconciliation';
import { RenderDocumentJob, renderJobsFor } from './render-document.queue';
import { RenditionRepository } from './rendition.repository';

/**
 * A request still "in flight" this long after it began died with its process;
 * its key may then be taken over, or a crashed request would block its key forever.
 */
const ABANDONED_AFTER_MS = 120_000;

/** Accepting a document takes well under a second, so its twin may ask again after one. */
const IN_FLIGHT_RETRY_AFTER_SECONDS = 1;

/**
 * How a completed idempotency key records its outcome (`response_status`, a
 * column that predates this library's own vocabulary): created or existing.
 */
const CREATED_STATUS = 201;
const EXISTING_STATUS = 200;

type IdempotencyClaim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly created: boolean; readonly body: unknown };

/**
 * The platform creating a document on its own account (a payment confirmation
 * after a payment, say): no API key stands behind it, so the document has no
 * `created_by` and its ledger names the capability that acted.
 */
export interface PlatformActor {
  readonly kind: 'platform';
  /** The capability acting, e.g. `payments`; the ledger records `platform:<name>`. */
  readonly name: string;
}

export type CreateDocumentInput =
  | { readonly request: DocumentRequest; readonly principal: Principal; readonly idempotencyKey?: string; readonly within?: undefined }
  | {
      readonly request: DocumentRequest;
      readonly principal: PlatformActor;
      readonly idempotencyKey?: undefined;
      /**
       * The caller's open transaction: the document, its renditions and its render job
       * commit with what made the platform create it, or not at all.
       */
      readonly within?: EntityManager;
    };

type Creator = Principal | PlatformActor;

function isPlatform(creator: Creator): creator is PlatformActor {
  return (creator as PlatformActor).kind === 'platform';
}

/** What `documents.created_by` holds (an API key), and what the ledger names as the actor. */
function creatorKeyId(creator: Creator): string | null {
  return isPlatform(creator) ? null : creator.keyId;
}

function ledgerActor(creator: Creator): string {
  return isPlatform(creator) ? `platform:${creator.name}` : creator.keyId;
}

export interface PreparedDocument {
  readonly version: PinnedVersion;
  readonly channels: Channel[];
  readonly requestSha256: string;
}

export interface CreateDocumentResult {
  /** True for a new document, false when `externalRef` names an existing one. */
  readonly created: boolean;
  readonly body: DocumentView;
  readonly replayed: boolean;
}

/**
 * Accepts a document from a billing system: validates it against the published
 * template version's data contract, reconciles invoices, pins the version, and
 * writes the document, its renditions, its render job and the first entry of
 * its ledger in one transaction. Nothing in that transaction is shared with
 * other documents, so concurrent intakes on any number of API processes do not
 * wait for each other.
 */
@Injectable()
export class CreateDocumentUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly templates: TemplateRepository,
    private readonly contracts: DataContractValidator,
    private readonly idempotency: IdempotencyKeyRepository,
    private readonly jobs: JobQueue,
    private readonly links: ActionLinks,
    private readonly documents: DocumentRepository,
    private readonly renditions: RenditionRepository,
    private readonly ledger: DocumentLedgerRepository,
  ) {}

  async execute(input: CreateDocumentInput): Promise<CreateDocumentResult> {
    const { request } = input;
    const requestSha256 = requestHash(request);
    if (input.within) return this.accept(request, requestSha256, input.principal, undefined, input.within);
    const { principal, idempotencyKey } = input;
    if (idempotencyKey && !isPlatform(principal)) {
      const claim = await this.claim(principal.keyId, idempotencyKey, requestSha256);
      if (claim.kind === 'replay') {
        return { created: claim.created, body: claim.body as DocumentView, replayed: true };
      }
    }
    try {
      return await this.accept(request, requestSha256, principal, idempotencyKey);
    } catch (error) {
      if (idempotencyKey && !isPlatform(principal)) await this.idempotency.release(principal.keyId, idempotencyKey);
      throw error;
    }
  }

  /**
   * Claims the caller's idempotency key for this request: the first request
   * with it goes ahead, a later one with the same request replays the recorded
   * outcome, and one with another request is refused. The key is completed
   * inside the work's own transaction, or released when the work fails.
   */
  private async claim(apiKeyId: string, key: string, requestSha256: string): Promise<IdempotencyClaim> {
    const now = new Date();
    await this.idempotency.deleteIfExpired(apiKeyId, key, now);
    const expiresAt = new Date(now.getTime() + this.config.limits.idempotencyTtlHours * 3_600_000);
    if (await this.idempotency.insertInFlight({ apiKeyId, key, requestHash: requestSha256, expiresAt })) return { kind: 'claimed' };

    const existing = await this.idempotency.get(apiKeyId, key);
    if (existing.requestHash !== requestSha256) {
      throw new DomainError('idempotency_key_reused', 'This idempotencyKey was already used with a different document request');
    }
    if (existing.state === 'completed') {
      return { kind: 'replay', created: existing.responseStatus === CREATED_STATUS, body: existing.responseBody };
    }
    if (await this.idempotency.takeOverInFlight(apiKeyId, key, new Date(now.getTime() - ABANDONED_AFTER_MS), now)) return { kind: 'claimed' };
    throw new DomainError('idempotency_in_flight', 'A document request with this idempotencyKey is still being accepted', [], {
      retryAfterSeconds: IN_FLIGHT_RETRY_AFTER_SECONDS,
    });
  }

  /**
   * Everything intake decides before writing: the version to pin and the
   * channels to render, or the DomainError a POST would answer with (422).
   * Batches validate each line with it, exactly as a single POST is; they pass
   * `versions`, the published versions already looked up for their chunk, so a
   * chunk of 250 lines reads each type's pointer once rather than per line.
   */
  async prepare(request: DocumentRequest, versions?: Map<string, Promise<PinnedVersion>>): Promise<PreparedDocument> {
    const version = await this.cachedIn(versions, request.type);
    return { version, channels: this.validate(request, version), requestSha256: requestHash(request) };
  }

  private async accept(
    request: DocumentRequest,
    requestSha256: string,
    principal: Creator,
    idempotencyKey?: string,
    within?: EntityManager,
  ): Promise<CreateDocumentResult> {
    const { version, channels } = await this.prepare(request);

    const existing = await this.findByExternalRef(request, within);
    if (existing) return this.existing(existing, request, principal, idempotencyKey);

    const id = randomUUID();
    const inTransaction = (work: (manager: EntityManager) => Promise<CreateDocumentResult>) =>
      within ? work(within) : this.db.transaction(work);
    try {
      return await inTransaction(async (manager) => {
        const document = await this.documents.insert(
          {
            id,
            type: request.type,
            templateKey: version.key,
            templateVersion: version.number,
            contentHash: version.contentHash,
            locale: request.locale,
            externalRef: request.externalRef ?? null,
            recipient: request.recipient,
            data: request.data,
            channels,
            dispatch: request.dispatch ?? false,
            status: 'accepted',
            createdBy: creatorKeyId(principal),
            batchId: null,
          },
          manager,
        );
        const renditions = await this.renditions.createPending(id, channels, manager);
        const links = await this.links.issue(manager, { documentId: id, dueDate: dueDateOf(request.data) });
        for (const { queue, job, priority } of renderJobsFor(id, channels)) await this.jobs.enqueue<RenderDocumentJob>(queue, job, { within: manager, priority });
        await this.ledger.append(manager, id, 'accepted', {
          actor: ledgerActor(principal),
          requestSha256,
          template: { key: version.key, version: version.number, contentHash: version.contentHash },
          channels,
        });
        const body = toDocumentView(document, renditions, links, version.content.kind);
        await this.completeIdempotency(manager, principal, idempotencyKey, true, body);
        return { created: true, body, replayed: false };
      });
    } catch (error) {
      // Two requests with the same externalRef raced; the loser returns the winner's document
      // (not inside a caller's transaction, which the violation has aborted: the caller retries).
      if (isUniqueViolation(error) && !within) {
        const winner = await this.findByExternalRef(request);
        if (winner) return this.existing(winner, request, principal, idempotencyKey);
      }
      throw error;
    }
  }

  private cachedIn(versions: Map<string, Promise<PinnedVersion>> | undefined, type: string): Promise<PinnedVersion> {
    if (!versions) return this.publishedVersion(type);
    let version = versions.get(type);
    if (!version) {
      version = this.publishedVersion(type);
      versions.set(type, version);
    }
    return version;
  }

  private async publishedVersion(type: string): Promise<PinnedVersion> {
    try {
      return await this.templates.published(type);
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'not_found' || error.code === 'template_not_published')) {
        throw new DomainError('validation_failed', error.message, [{ pointer: '/type', message: error.message }]);
      }
      throw error;
    }
  }

  /** Everything that can be wrong with the request, reported together; returns the channels to render. */
  private validate(request: DocumentRequest, version: PinnedVersion): Channel[] {
    const errors: FieldError[] = [...this.contracts.validate(version.contentHash, version.content.dataContract, request.data)];
    const invoice = request.data.invoice as InvoiceFigures | undefined;
    if (!errors.length && version.content.kind === 'invoice' && invoice) {
      if (invoice.lines.length > this.config.limits.lineItems) {
        throw new DomainError('limit_exceeded', `An invoice may carry at most ${this.config.limits.lineItems} lines`, [
          { pointer: '/data/invoice/lines', message: `${invoice.lines.length} lines; the limit is ${this.config.limits.lineItems}` },
        ]);
      }
      const mismatches = reconcileInvoice(invoice);
      if (mismatches.length) {
        throw new DomainError('reconciliation_failed', 'The invoice does not add up', mismatches);
      }
    }
    const { channels, errors: channelErrors } = this.selectChannels(request, version);
    errors.push(...channelErrors, ...channelConstraintErrors(request, version, channels));
    if (errors.length) throw new DomainError('validation_failed', 'The document does not match its data contract', errors);
    return channels;
  }

  private selectChannels(request: DocumentRequest, version: PinnedVersion): { channels: Channel[]; errors: FieldError[] } {
    const supported = Object.keys(version.content.channels) as Channel[];
    const source = request.channels ? '/channels' : request.recipient.channels ? '/recipient/channels' : null;
    const wanted = request.channels ?? request.recipient.channels ?? version.content.defaultChannels;
    const errors: FieldError[] = [];
    wanted.forEach((channel: Channel, index: number) => {
      if (!supported.includes(channel) && source) {
        errors.push({ pointer: `${source}/${index}`, message: `template "${version.key}" has no ${channel} content` });
      }
    });
    const channels: Channel[] = [...new Set(wanted.filter((channel: Channel) => supported.includes(channel)))];
    if (!channels.length && !errors.length) {
      errors.push({ pointer: source ?? '/channels', message: 'no channel to render' });
    }
    const { recipient } = request;
    if (channels.includes('whatsapp') && !(recipient.whatsapp ?? recipient.phone)) {
      errors.push({ pointer: '/recipient/whatsapp', message: 'a WhatsApp number (or phone) is required for the whatsapp channel' });
    }
    if (request.dispatch) {
      if (channels.includes('email') && !recipient.email) {
        errors.push({ pointer: '/recipient/email', message: 'an email address is required to dispatch by email' });
      }
      if (channels.includes('sms') && !recipient.phone) {
        errors.push({ pointer: '/recipient/phone', message: 'a phone number is required to dispatch by SMS' });
      }
      errors.push(...dispatchAddressErrors(recipient, channels));
    }
    return { channels, errors };
  }

  private async findByExternalRef(request: DocumentRequest, manager?: EntityManager): Promise<DocumentEntity | null> {
    if (!request.externalRef) return null;
    return this.documents.findByExternalRef(request.type, request.externalRef, manager);
  }

  /** `externalRef` names the document: the same content is the same document, other content a conflict. */
  static sameContent(document: DocumentEntity, request: DocumentRequest): boolean {
    return (
      canonicalJson(document.data) === canonicalJson(request.data) &&
      canonicalJson(document.recipient) === canonicalJson(request.recipient) &&
      document.locale === request.locale
    );
  }

  private async existing(
    document: DocumentEntity,
    request: DocumentRequest,
    principal: Creator,
    idempotencyKey?: string,
  ): Promise<CreateDocumentResult> {
    if (!CreateDocumentUseCase.sameContent(document, request)) {
      throw new DomainError('conflict', `externalRef "${request.externalRef}" already names another ${request.type}`, [
        { pointer: '/externalRef', message: `already used by document ${document.id} with different content` },
      ], { documentId: document.id });
    }
    const renditions = await this.renditions.forDocument(document.id);
    const version = await this.templates.version(document.templateKey, document.templateVersion);
    const body = toDocumentView(document, renditions, await this.links.forDocument(document.id), version.content.kind);
    if (idempotencyKey && !isPlatform(principal)) {
      await this.db.transaction((manager) => this.completeIdempotency(manager, principal, idempotencyKey, false, body));
    }
    return { created: false, body, replayed: false };
  }

  private async completeIdempotency(
    manager: EntityManager,
    principal: Creator,
    key: string | undefined,
    created: boolean,
    body: DocumentView,
  ): Promise<void> {
    if (key && !isPlatform(principal)) await this.idempotency.complete(manager, principal.keyId, key, created ? CREATED_STATUS : EXISTING_STATUS, body);
  }

}

function requestHash(request: DocumentRequest): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string; driverError?: { code?: string } })?.driverError?.code === '23505' ||
    (error as { code?: string })?.code === '23505';
}

/** An invoice's due date, which its links outlive by a configured number of days. */
export function dueDateOf(data: Record<string, unknown>): string | null {
  const invoice = data.invoice as { dueDate?: unknown } | undefined;
  return typeof invoice?.dueDate === 'string' ? invoice.dueDate : null;
}
