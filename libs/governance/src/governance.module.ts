import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { ComposerModule } from '@app/composer';
import { Clock, SystemClock } from '@app/kernel';
import { TemplatingModule } from '@app/templating';
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
import { VersionPublisher } from './version-publisher';

const USE_CASES = [
  CreateTemplateUseCase,
  CreateDraftVersionUseCase,
  UpdateDraftVersionUseCase,
  SubmitVersionUseCase,
  ApproveVersionUseCase,
  RejectVersionUseCase,
  PublishVersionUseCase,
  RetireVersionUseCase,
];

/** Template governance: the version lifecycle, four-eyes review, compliance lint and publishing. */
@Module({
  imports: [TemplatingModule, ComposerModule, AuditModule],
  providers: [
    ...USE_CASES,
    TemplateQueries,
    VersionPublisher,
    ComplianceLinter,
    { provide: Clock, useClass: SystemClock },
    { provide: GOVERNANCE_SETTINGS, useValue: DEFAULT_GOVERNANCE_SETTINGS },
  ],
  exports: [...USE_CASES, TemplateQueries, ComplianceLinter],
})
export class GovernanceModule {}
