import { Module } from '@nestjs/common';
import { AssetsModule } from '@app/assets';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { ComposerModule } from '@app/composer';
import { Clock, SystemClock } from '@app/kernel';
import { TemplateStoreModule } from '@app/template-store';
import {
  ApproveBlockVersionUseCase,
  BlockCapture,
  CreateBlockDraftUseCase,
  CreateBlockUseCase,
  GetBlockUseCase,
  GetBlockVersionUseCase,
  ListBlocksUseCase,
  PublishBlockVersionUseCase,
  RejectBlockVersionUseCase,
  RetireBlockVersionUseCase,
  SubmitBlockVersionUseCase,
  UpdateBlockDraftUseCase,
} from './blocks';
import { AssetCapture } from './assets/asset-capture';
import { VersionLifecycle } from './lifecycle/version-lifecycle';
import { DiffTemplateVersionsUseCase } from './diff/diff-template-versions.use-case';
import { ApproveTemplateVersionUseCase } from './approve-template-version.use-case';
import { CreateTemplateDraftUseCase } from './create-template-draft.use-case';
import { CreateTemplateUseCase } from './create-template.use-case';
import { DEFAULT_GOVERNANCE_SETTINGS, GOVERNANCE_SETTINGS } from './governance.settings';
import { ComplianceLinter } from './lint/compliance-linter';
import { AuthorSandbox, ThreadedAuthorSandbox } from './sandbox/author-sandbox';
import { PublishTemplateVersionUseCase } from './publish-template-version.use-case';
import { RejectTemplateVersionUseCase } from './reject-template-version.use-case';
import { RetireTemplateVersionUseCase } from './retire-template-version.use-case';
import { SubmitTemplateVersionUseCase } from './submit-template-version.use-case';
import { GetTemplateUseCase } from './get-template.use-case';
import { GetTemplateVersionUseCase } from './get-template-version.use-case';
import { ListReviewQueueUseCase } from './list-review-queue.use-case';
import { ListTemplateVersionsUseCase } from './list-template-versions.use-case';
import { ListTemplatesUseCase } from './list-templates.use-case';
import { UpdateTemplateDraftUseCase } from './update-template-draft.use-case';

const BLOCK_USE_CASES = [
  ListBlocksUseCase,
  GetBlockUseCase,
  GetBlockVersionUseCase,
  CreateBlockUseCase,
  CreateBlockDraftUseCase,
  UpdateBlockDraftUseCase,
  SubmitBlockVersionUseCase,
  ApproveBlockVersionUseCase,
  RejectBlockVersionUseCase,
  PublishBlockVersionUseCase,
  RetireBlockVersionUseCase,
];

const USE_CASES = [
  ListTemplatesUseCase,
  GetTemplateUseCase,
  ListTemplateVersionsUseCase,
  GetTemplateVersionUseCase,
  ListReviewQueueUseCase,
  CreateTemplateUseCase,
  CreateTemplateDraftUseCase,
  UpdateTemplateDraftUseCase,
  SubmitTemplateVersionUseCase,
  ApproveTemplateVersionUseCase,
  RejectTemplateVersionUseCase,
  PublishTemplateVersionUseCase,
  RetireTemplateVersionUseCase,
  DiffTemplateVersionsUseCase,
];

/** Template governance: the version lifecycle of templates and locked blocks, four-eyes review, compliance lint and publishing. */
@Module({
  imports: [TemplateStoreModule, ComposerModule, AuditModule, AuthModule, AssetsModule],
  providers: [
    ...USE_CASES,
    ...BLOCK_USE_CASES,
    VersionLifecycle,
    BlockCapture,
    AssetCapture,
    ComplianceLinter,
    { provide: AuthorSandbox, useClass: ThreadedAuthorSandbox },
    { provide: Clock, useClass: SystemClock },
    { provide: GOVERNANCE_SETTINGS, useValue: DEFAULT_GOVERNANCE_SETTINGS },
  ],
  // The lifecycle is shared with the other governed things (offers): one state machine, one four-eyes rule.
  exports: [...USE_CASES, ...BLOCK_USE_CASES, ComplianceLinter, AuthorSandbox, VersionLifecycle],
})
export class GovernanceModule {}
