import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '@app/audit';
import { hasAnyRole, type Principal } from '@app/auth';
import { DomainError, FieldError } from '@app/kernel';
import { ASSET_CONTENT_TYPES, assetSha256, type AssetContentType, isAssetContentType, isAssetName } from '@app/contracts';
import { BlockRepository } from '@app/template-store';
import { assetUses } from '@app/templating';
import { assetBytesProblems } from './asset-bytes.rules';
import { MAX_ASSET_BYTES } from './asset.limits';
import { AssetStore } from './asset-store';
import { AssetView, toAssetView } from './asset.view';

export interface UploadAssetInput {
  readonly name: string;
  readonly contentType: string;
  /** The file, base64-encoded (standard alphabet, padded). */
  readonly data: string;
}

export interface UploadAssetResult {
  readonly asset: AssetView;
  /** False when the latest upload of the name already has exactly these bytes: nothing new was stored. */
  readonly created: boolean;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Uploads a brand asset as the next version of its name. Assets are immutable:
 * a new upload never changes a template version that captured an earlier one,
 * it is what the next saved version captures. The bytes must really be of the
 * declared type, and an SVG must be inert.
 *
 * An asset a locked block inlines (the sender identity's logo) belongs to
 * compliance like the block itself: only reviewers upload new versions of it,
 * or an author could change what a locked block shows.
 */
@Injectable()
export class UploadAssetUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly store: AssetStore,
    private readonly blocks: BlockRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(input: UploadAssetInput, principal: Principal): Promise<UploadAssetResult> {
    const { contentType, bytes } = checkInput(input);
    if (!hasAnyRole(principal, ['reviewer'])) await this.assertNotLockedBlockAsset(input.name);
    return this.db.transaction(async (manager) => {
      await this.store.lockName(input.name, manager);
      const latest = (await this.store.latest([input.name], manager))[input.name];
      // Posting the latest file again (a retried request) stores nothing and audits nothing.
      if (latest && latest.sha256 === assetSha256(bytes) && latest.contentType === contentType) {
        return { asset: toAssetView(latest), created: false };
      }
      const record = await this.store.add({ name: input.name, contentType, bytes, createdBy: principal.keyId }, manager);
      await this.audit.append(manager, {
        actor: principal.keyId,
        action: 'asset.uploaded',
        subject: { type: 'asset', id: record.name },
        details: { version: record.version, sha256: record.sha256, contentType: record.contentType, size: record.size },
      });
      return { asset: toAssetView(record), created: true };
    });
  }

  private async assertNotLockedBlockAsset(name: string): Promise<void> {
    const owners = new Set<string>();
    for (const { name: block, content } of await this.blocks.reviewedContents()) {
      for (const source of [content.sources.mjml, content.sources.html]) {
        if (source === undefined) continue;
        try {
          if (assetUses(source).some((use) => use.name === name)) owners.add(block);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
      }
    }
    if (owners.size) {
      const list = [...owners].sort().join('", "');
      throw new DomainError('forbidden', `Asset "${name}" is inlined by locked block "${list}": only a reviewer can upload it`);
    }
  }
}

/** The input as a valid upload, or every problem with it by JSON pointer. */
function checkInput(input: UploadAssetInput): { contentType: AssetContentType; bytes: Buffer } {
  const errors: FieldError[] = [];
  if (typeof input.name !== 'string' || !isAssetName(input.name)) {
    errors.push({ pointer: '/name', message: 'must be an asset name: lowercase letters, digits and single hyphens, at most 63 characters' });
  }
  const contentType = input.contentType;
  if (typeof contentType !== 'string' || !isAssetContentType(contentType)) {
    errors.push({ pointer: '/contentType', message: `must be one of ${ASSET_CONTENT_TYPES.join(', ')}` });
  }
  let bytes = Buffer.alloc(0);
  // Checked before decoding, so an oversized body costs no decoding.
  if (typeof input.data !== 'string' || input.data.length > Math.ceil(MAX_ASSET_BYTES / 3) * 4 + 4) {
    errors.push({ pointer: '/data', message: typeof input.data === 'string' ? `decodes to more than the ${MAX_ASSET_BYTES / 1024} KB an asset may have` : 'must be base64 text' });
  } else if (!BASE64.test(input.data)) {
    errors.push({ pointer: '/data', message: 'must be base64 (standard alphabet, padded, no line breaks)' });
  } else {
    bytes = Buffer.from(input.data, 'base64');
    if (errors.every((error) => error.pointer !== '/contentType')) {
      for (const problem of assetBytesProblems(contentType as AssetContentType, bytes)) errors.push({ pointer: '/data', message: problem });
    }
  }
  if (errors.length) throw new DomainError('validation_failed', 'The asset is refused', errors);
  return { contentType: contentType as AssetContentType, bytes };
}
