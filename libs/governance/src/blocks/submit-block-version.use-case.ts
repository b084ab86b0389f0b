import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/kernel';
import { BlockVersionsRepository } from '@app/template-store';
import { VersionLifecycle } from '../lifecycle/version-lifecycle';
import { blockContentRules } from '../lint/block-content-rules';
import { BlockVersionView, toBlockVersionView } from './block.view';

export interface BlockVersionRef {
  readonly name: string;
  readonly number: number;
}

/** Submits a block draft for review after the block's own lint; from here on the version is immutable. */
@Injectable()
export class SubmitBlockVersionUseCase {
  constructor(
    private readonly versions: BlockVersionsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: VersionLifecycle,
  ) {}

  async execute(ref: BlockVersionRef, principal: Principal): Promise<BlockVersionView> {
    return this.db.transaction(async (manager) => {
      const block = await this.versions.lock(manager, ref.name);
      const version = await this.versions.version(manager, block, ref.number);
      this.lifecycle.assertDraftOf(this.versions, block, version, principal);
      const findings = blockContentRules(version.content);
      const errors = findings.filter((finding) => finding.severity === 'error');
      if (errors.length) {
        throw new DomainError(
          'compliance_failed',
          `${this.versions.describe(block, ref.number)} fails ${errors.length} ${errors.length === 1 ? 'rule' : 'rules'}`,
          errors.map((error) => ({ pointer: error.pointer, message: error.message })),
          { findings },
        );
      }
      const saved = await this.lifecycle.submit(manager, this.versions, block, version, principal, { findings });
      return toBlockVersionView(block.name, saved);
    });
  }
}
