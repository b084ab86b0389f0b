import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AssetStore } from '@app/assets';
import { DomainError, FieldError } from '@app/kernel';
import { type CapturedAsset, type TemplateContent } from '@app/contracts';
import { assetReferences } from '@app/templating';

/**
 * Puts the latest upload of every asset a version inlines (`{{asset "logo"}}`
 * in its HTML sources and in the locked blocks it carries) into its content
 * (`content.assets`) by hash, type and size. The content hash then pins the
 * exact bytes: later uploads of the name change nothing for this version, and
 * its documents render with the asset its reviewer saw. Done when a draft is
 * saved and again at submit, after the blocks (whose sources count) are captured.
 *
 * A name without any upload is refused (`template_invalid`, pointing at each
 * use), so a version never reaches review with an asset it cannot render.
 * Posted entries are accepted only as unchanged captures of stored uploads,
 * and are replaced either way.
 */
@Injectable()
export class AssetCapture {
  constructor(private readonly store: AssetStore) {}

  async capture(manager: EntityManager, content: TemplateContent): Promise<TemplateContent> {
    await this.assertStoredCaptures(manager, content.assets ?? {});
    const { assets: _posted, ...rest } = content;
    const references = assetReferences(content);
    const latest = await this.store.latest(new Set(references.map((reference) => reference.name)), manager);
    const missing = references.filter((reference) => !latest[reference.name]);
    if (missing.length) {
      throw new DomainError(
        'template_invalid',
        `The version inlines ${[...new Set(missing.map((use) => `"${use.name}"`))].join(', ')}, which no upload provides; upload ${missing.length === 1 ? 'it' : 'them'} as brand assets first`,
        missing.map((use) => ({ pointer: use.pointer, message: `{{asset "${use.name}"}} at line ${use.line}, column ${use.column} names no uploaded asset` })),
      );
    }
    const captured: Record<string, CapturedAsset> = {};
    for (const name of Object.keys(latest).sort()) {
      const { sha256, contentType, size } = latest[name];
      captured[name] = { sha256, contentType, size };
    }
    return Object.keys(captured).length ? { ...rest, assets: captured } : rest;
  }

  private async assertStoredCaptures(manager: EntityManager, posted: Readonly<Record<string, CapturedAsset>>): Promise<void> {
    const errors: FieldError[] = [];
    for (const [name, asset] of Object.entries(posted)) {
      const stored = await this.store.find(name, asset.sha256, manager);
      if (!stored || stored.contentType !== asset.contentType || stored.size !== asset.size) {
        errors.push({ pointer: `/assets/${name}`, message: 'is not a stored upload of this asset: assets are uploaded as brand assets, never defined in a version' });
      }
    }
    if (errors.length) throw new DomainError('validation_failed', 'The version content defines assets of its own', errors);
  }
}
