import { Module } from '@nestjs/common';
import { AssetsModule } from '@app/assets';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { ComposerModule } from '@app/composer';
import { Clock, SystemClock } from '@app/kernel';
import { TemplatingModule } from '@app/templating';
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
import { DiffVersionsUseCase } from './diff/diff-versions.use-case';
import { ApproveVersionUseCase } from './approve-version.use-case';
import { CreateDraftVersionUseCase } from './create-draft-version.use-case';
import { CreateTemplateUseCase } from './create-template.use-case';
import { DEFAULT_GOVERNANCE_SETTINGS, GOVERNANCE_SETTINGS } from './governance.settings';
import { ComplianceLinter } from './lint/compliance-linter';
import { PublishVersionUseCase } from './publish-version.use-case';
import { RejectVersionUseCase } from './reject-version.use-case';
import { RetireVersionUseCase } from './retire-version.use-case';
import { SubmitVersionUseCase } from './submit-version.use-case';
import { TemplateQueries } from './template-queries.service';
import { UpdateDraftVersionUseCase } from './update-draft-version.use-case';

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
  imports: [TemplatingModule, ComposerModule, AuditModule, AuthModule, AssetsModule],
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
