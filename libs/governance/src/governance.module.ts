import { Module } from '@nestjs/common';
import { AssetsModule } from '@app/assets';
import { AuditModule } from '@app/audit';
import { ComposerModule } from '@app/composer';
import { Clock, SystemClock } from '@app/kernel';
import { TemplateStoreModule } from '@app/template-store';
import {
  ApproveBlockVersionUseCase,
  BlockCapture,
  BlockQueries,
  CreateBlockDraftUseCase,
  CreateBlockUseCase,
  PublishBlockVersionUseCase,
  RejectBlockVersionUseCase,
  RetireBlockVersionUseCase,
  SubmitBlockVersionUseCase,
  UpdateBlockDraftUseCase,
} from './blocks';
import { AssetCapture } from './assets/asset-capture';
import { VersionLifecycle } from './lifecycle/version-lifecycle';
import { DiffVersionsUseCase } from './diff/diff-template-versions.use-case';
import { ApproveVersionUseCase } from './approve-template-version.use-case';
import { CreateDraftVersionUseCase } from './create-template-draft.use-case';
import { CreateTemplateUseCase } from './create-template.use-case';
import { DEFAULT_GOVERNANCE_SETTINGS, GOVERNANCE_SETTINGS } from './governance.settings';
import { ComplianceLinter } from './lint/compliance-linter';
import { PublishVersionUseCase } from './publish-template-version.use-case';
import { RejectVersionUseCase } from './reject-template-version.use-case';
import { RetireVersionUseCase } from './retire-template-version.use-case';
import { SubmitVersionUseCase } from './submit-template-version.use-case';
import { TemplateQueries } from './template-queries.service';
import { UpdateDraftVersionUseCase } from './update-template-draft.use-case';

const BLOCK_USE_CASES = [
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
  CreateTemplateUseCase,
  CreateDraftVersionUseCase,
  UpdateDraftVersionUseCase,
  SubmitVersionUseCase,
  ApproveVersionUseCase,
  RejectVersionUseCase,
  PublishVersionUseCase,
  RetireVersionUseCase,
  DiffVersionsUseCase,
];

/** Template governance: the version lifecycle of templates and locked blocks, four-eyes review, compliance lint and publishing. */
@Module({
  imports: [TemplateStoreModule, ComposerModule, AuditModule, AssetsModule],
  providers: [
    ...USE_CASES,
    ...BLOCK_USE_CASES,
    TemplateQueries,
    BlockQueries,
    VersionLifecycle,
    BlockCapture,
    AssetCapture,
    ComplianceLinter,
    { provide: Clock, useClass: SystemClock },
    { provide: GOVERNANCE_SETTINGS, useValue: DEFAULT_GOVERNANCE_SETTINGS },
  ],
  exports: [...USE_CASES, ...BLOCK_USE_CASES, TemplateQueries, BlockQueries, ComplianceLinter],
})
export class GovernanceModule {}
