import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actionLinkExpiry, ActionLinkLifetime } from './action-link-expiry';
import { ACTION_PURPOSES, ActionLinkEntity, ActionLinkRevocation, ActionPurpose } from './action-link.entity';
import { ActionLinkFormat, ActionLinkFormatSettings, DocumentActionLinks } from './action-link-format';
import { deriveToken, KEY_ID_LENGTH, tokenDigest } from './action-link-keys';

/** Keys, lifetime and the public base URL, resolved once at start-up. */
export abstract class ActionLinkSettings implements ActionLinkFormatSettings {
  abstract readonly publicUrl: string;
  abstract readonly signingSecret: string;
  abstract readonly previousSecrets: readonly string[];
  abstract readonly lifetime: ActionLinkLifetime;
}

interface LinkFacts {
  readonly linkId: string;
  readonly documentId: string;
  readonly purpose: ActionPurpose;
  readonly expiresAt: Date;
}

/** A document to issue links for; an invoice's links outlive its due date by the configured days. */
export interface LinkedDocument {
  readonly documentId: string;
  readonly dueDate?: string | null;
}

export type ResolvedActionLink =
  | ({ readonly status: 'active' } & LinkFacts)
  | ({ readonly status: 'expired' } & LinkFacts)
  | ({ readonly status: 'revoked'; readonly revokedAt: Date; readonly reason: ActionLinkRevocation } & LinkFacts)
  | { readonly status: 'unknown' };

/** What rendering reads of a link: enough to derive its token again. */
interface LinkRow {
  readonly document_id: string;
  readonly purpose: ActionPurpose;
  readonly key_id: string;
  readonly salt: Buffer;
  readonly expires_at: Date;
}

const TOKEN_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${KEY_ID_LENGTH + 22}}$`);

/**
 * One-click links of a document, one per purpose. A link is issued with the
 * document, in its transaction; only the SHA-256 of its token is stored, with
 * the key id and random salt that derive the token again whenever the document
 * is rendered. Links are built from the configured public URL, never from a
 * request's Host header, expire, and can be revoked (a paid invoice's pay link).
 */
@Injectable()
export class ActionLinks {
  constructor(
    private readonly settings: ActionLinkSettings,
    private readonly format: ActionLinkFormat,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** What every link of a purpose starts with; the token follows it. */
  base(purpose: ActionPurpose): string {
    return this.format.base(purpose);
  }

  /** Well-formed links that open nothing, for previews, lint and diffs. */
  sample(documentId: string): DocumentActionLinks {
    return this.format.sample(documentId);
  }

  /** Issues the document's links, called in the transaction that creates it, and answers them. */
  async issue(manager: EntityManager, document: LinkedDocument): Promise<DocumentActionLinks> {
    const [links] = await this.issueMany(manager, [document]);
    return links;
  }

  /**
   * Issues the links of many documents in one statement (a batch's chunk, in its
   * transaction) and answers them, in the documents' order, without reading them back.
   */
  async issueMany(manager: EntityManager, documents: readonly LinkedDocument[]): Promise<DocumentActionLinks[]> {
    if (!documents.length) return [];
    const key = this.format.keys.current;
    const now = new Date();
    const values: unknown[] = [];
    const rows: string[] = [];
    const issued = documents.map(({ documentId, dueDate }) => {
      const expiresAt = actionLinkExpiry(this.settings.lifetime, now, dueDate);
      const tokens = ACTION_PURPOSES.map((purpose) => {
        const salt = randomBytes(16);
        const token = deriveToken(key, purpose, documentId, salt);
        const at = values.length;
        values.push(randomUUID(), documentId, purpose, tokenDigest(token), key.id, salt, expiresAt);
        rows.push(`(${Array.from({ length: 7 }, (_, n) => `$${at + n + 1}`).join(', ')})`);
        return token;
      });
      return this.format.links(tokens[ACTION_PURPOSES.indexOf('pay')], tokens[ACTION_PURPOSES.indexOf('ask')], expiresAt);
    });
    await manager.query(
      `INSERT INTO action_links (id, document_id, purpose, token_sha256, key_id, salt, expires_at)
       VALUES ${rows.join(', ')}
       ON CONFLICT (document_id, purpose) DO NOTHING`,
      values,
    );
    return issued;
  }

  /**
   * The links a stored document was issued. A document accepted before links
   * were stored gets them now, so its next render carries working links.
   */
  async forDocument(documentId: string, manager: EntityManager = this.db.manager): Promise<DocumentActionLinks> {
    const links = (await this.forDocuments([documentId], manager)).get(documentId);
    if (links instanceof Error) throw links;
    return links!;
  }

  /**
   * The links of many stored documents with one read (and, for documents that
   * have none yet, one issue and one more read). A document whose links cannot
   * be derived (its key is no longer configured) answers its own error, so it
   * fails alone.
   */
  async forDocuments(documentIds: readonly string[], manager: EntityManager = this.db.manager): Promise<Map<string, DocumentActionLinks | Error>> {
    const ids = [...new Set(documentIds)];
    const read = async (of: readonly string[]) =>
      (await manager.query(`SELECT document_id, purpose, key_id, salt, expires_at FROM action_links WHERE document_id = ANY($1::uuid[])`, [of])) as LinkRow[];
    let rows = ids.length ? await read(ids) : [];
    const incomplete = ids.filter((id) => rows.filter((row) => row.document_id === id).length < ACTION_PURPOSES.length);
    if (incomplete.length) {
      await this.issueMany(manager, incomplete.map((documentId) => ({ documentId })));
      rows = [...rows.filter((row) => !incomplete.includes(row.document_id)), ...(await read(incomplete))];
    }
    const answered = new Map<string, DocumentActionLinks | Error>();
    for (const documentId of ids) {
      try {
        answered.set(documentId, this.linksOf(documentId, rows.filter((row) => row.document_id === documentId)));
      } catch (error) {
        answered.set(documentId, error instanceof Error ? error : new Error(String(error)));
      }
    }
    return answered;
  }

  private linksOf(documentId: string, rows: readonly LinkRow[]): DocumentActionLinks {
    const token = (purpose: ActionPurpose): string => {
      const row = rows.find((candidate) => candidate.purpose === purpose)!;
      const key = this.format.keys.find(row.key_id);
      if (!key) throw new Error(`The key ${row.key_id} that issued the links of document ${documentId} is no longer configured (CCM_PREVIOUS_SECRETS)`);
      return deriveToken(key, purpose, documentId, row.salt);
    };
    const expiresAt = rows.reduce((latest, row) => (row.expires_at > latest ? row.expires_at : latest), rows[0].expires_at);
    return this.format.links(token('pay'), token('ask'), expiresAt);
  }

  /** What a token presented on a landing page is; a token of the other purpose is unknown there. */
  async resolve(purpose: ActionPurpose, token: string): Promise<ResolvedActionLink> {
    if (!TOKEN_PATTERN.test(token)) return { status: 'unknown' };
    const digest = tokenDigest(token);
    const row = await this.db.manager.findOne(ActionLinkEntity, { where: { tokenSha256: digest } });
    if (!row || row.purpose !== purpose || !timingSafeEqual(row.tokenSha256, digest)) return { status: 'unknown' };
    const facts: LinkFacts = { linkId: row.id, documentId: row.documentId, purpose: row.purpose, expiresAt: row.expiresAt };
    if (row.revokedAt && row.revokedReason) return { status: 'revoked', revokedAt: row.revokedAt, reason: row.revokedReason, ...facts };
    if (row.expiresAt.getTime() <= Date.now()) return { status: 'expired', ...facts };
    return { status: 'active', ...facts };
  }

  /** Revokes a document's link of one purpose; the first revocation stays, repeats change nothing. */
  async revoke(
    manager: EntityManager,
    { documentId, purpose, reason, at }: { documentId: string; purpose: ActionPurpose; reason: ActionLinkRevocation; at: Date },
  ): Promise<void> {
    await manager.query(
      `UPDATE action_links SET revoked_at = $3, revoked_reason = $4
        WHERE document_id = $1 AND purpose = $2 AND revoked_at IS NULL`,
      [documentId, purpose, at, reason],
    );
  }

}
