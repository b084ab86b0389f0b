import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, FieldError } from '@app/kernel';
import { type CapturedBlock, isIntactCapture, type TemplateContent } from '@app/contracts';
import { BlockRepository } from '@app/template-store';
import { referencedBlocks } from '@app/templating';

/**
 * Puts the published version of every locked block a template's sources include
 * into its content (`content.blocks`), so the content hash covers the exact
 * blocks and documents render with them. Done when a draft is saved (so it can
 * be previewed) and again at submit (so what is reviewed carries the blocks
 * published at that moment).
 *
 * Authors never supply blocks: a posted `blocks` entry is accepted only as an
 * unchanged capture of a stored block version (what `GET .../versions/{n}`
 * returned), and is replaced either way.
 */
@Injectable()
export class BlockCapture {
  constructor(private readonly blocks: BlockRepository) {}

  async capture(manager: EntityManager, content: TemplateContent): Promise<TemplateContent> {
    await this.assertUnchangedCaptures(manager, content.blocks ?? {});
    const captured = await this.blocks.published(referencedBlocks(content), manager);
    const { blocks: _posted, ...rest } = content;
    return Object.keys(captured).length ? { ...rest, blocks: captured } : rest;
  }

  private async assertUnchangedCaptures(manager: EntityManager, posted: Readonly<Record<string, CapturedBlock>>): Promise<void> {
    const errors: FieldError[] = [];
    for (const [name, block] of Object.entries(posted)) {
      const stored = isIntactCapture(block) ? await this.blocks.versionHash(name, block.version, manager) : null;
      if (stored !== block.contentHash) {
        errors.push({ pointer: `/blocks/${name}`, message: 'is not a stored locked block version: a template cannot define or change a locked block' });
      }
    }
    if (errors.length) throw new DomainError('validation_failed', 'The version content defines locked blocks of its own', errors);
  }
}
