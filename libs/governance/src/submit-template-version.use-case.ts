import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/kernel';
import { contentHash } from '@app/contracts';
import { TemplateVersionsRepository } from '@app/template-store';
import { AssetCapture } from './assets/asset-capture';
import { BlockCapture } from './blocks/block-capture';
import { VersionLifecycle } from './lifecycle/version-lifecycle';
import { ComplianceLinter } from './lint/compliance-linter';
import { LintFinding } from './lint/lint-finding';
import { sampleDataSets } from './samples/sample-data-sets';
import { toVersionView, VersionView } from './template-version.view';

export interface VersionRef {
  readonly key: string;
  readonly number: number;
}

/**
 * Submits a draft for review. The published version of every locked block it
 * includes, and the latest upload of every asset it inlines, is captured into
 * its content first; compliance lint then runs on
 * exactly that content, and any error blocks the submit (findings point at the
 * place); warnings are kept for the reviewer. From here on the version is immutable.
 */
@Injectable()
export class SubmitTemplateVersionUseCase {
  constructor(
    private readonly versions: TemplateVersionsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: VersionLifecycle,
    private readonly linter: ComplianceLinter,
    private readonly blocks: BlockCapture,
    private readonly assets: AssetCapture,
  ) {}

  async execute(ref: VersionRef, principal: Principal): Promise<VersionView> {
    const draft = await this.db.transaction(async (manager) => {
      const template = await this.versions.find(manager, ref.key);
      const version = await this.versions.version(manager, template, ref.number);
      this.lifecycle.assertDraftOf(this.versions, template, version, principal);
      return version;
    });
    const content = await this.assets.capture(this.db.manager, await this.blocks.capture(this.db.manager, draft.content));
    // Lint renders samples: it runs outside the transaction, and the hash checks below
    // make sure what is submitted is exactly what was linted.
    const findings = await this.linter.lint({ key: ref.key, number: ref.number, content, samples: sampleDataSets(content) });
    assertNoErrors(ref, findings);
    return this.db.transaction(async (manager) => {
      const template = await this.versions.lock(manager, ref.key);
      const version = await this.versions.version(manager, template, ref.number);
      this.lifecycle.assertDraftOf(this.versions, template, version, principal);
      if (version.contentHash !== draft.contentHash) {
        throw new DomainError('conflict', `Version ${ref.number} of "${ref.key}" changed while it was being checked; submit again`);
      }
      const recaptured = await this.assets.capture(manager, await this.blocks.capture(manager, draft.content));
      if (contentHash(recaptured) !== contentHash(content)) {
        throw new DomainError('conflict', `A locked block "${ref.key}" includes was published, or an asset it inlines uploaded, while version ${ref.number} was being checked; submit again`);
      }
      const blocks = Object.fromEntries(Object.entries(content.blocks ?? {}).map(([name, block]) => [name, block.version]));
      const assets = Object.fromEntries(Object.entries(content.assets ?? {}).map(([name, asset]) => [name, asset.sha256]));
      const saved = await this.lifecycle.submit(manager, this.versions, template, version, principal, { content, findings, details: { blocks, assets } });
      return toVersionView(template.key, saved);
    });
  }
}

function assertNoErrors(ref: VersionRef, findings: readonly LintFinding[]): void {
  const errors = findings.filter((finding) => finding.severity === 'error');
  if (errors.length === 0) return;
  throw new DomainError(
    'compliance_failed',
    `Version ${ref.number} of "${ref.key}" fails ${errors.length} compliance ${errors.length === 1 ? 'rule' : 'rules'}`,
    errors.map((error) => ({ pointer: error.pointer, message: error.message })),
    { findings },
  );
}
