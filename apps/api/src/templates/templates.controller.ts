import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@app/auth';
import {
  ApproveTemplateVersionUseCase,
  CreateTemplateDraftUseCase,
  CreateTemplateUseCase,
  DiffTemplateVersionsUseCase,
  GetTemplateUseCase,
  GetTemplateVersionUseCase,
  ListTemplatesUseCase,
  ListTemplateVersionsUseCase,
  PublishTemplateVersionUseCase,
  RejectTemplateVersionUseCase,
  RetireTemplateVersionUseCase,
  SubmitTemplateVersionUseCase,
  TemplateView,
  UpdateTemplateDraftUseCase,
  VersionDiff,
  VersionView,
} from '@app/governance';
import { DomainError } from '@app/kernel';
import { TemplateContent } from '@app/contracts';
import { VERSION_STATUSES, VersionStatus } from '@app/template-store';
import { Roles } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { ApproveVersionDto, CreateTemplateDto, PublishVersionDto, RejectVersionDto, TemplateContentDto } from './template.dto';
import { pointingInto } from '../http/request-pointers';
import { versionNumberPipe } from './version-number.pipe';

@ApiTags('templates')
@Controller('v1/templates')
export class TemplatesController {
  constructor(
    private readonly listTemplates: ListTemplatesUseCase,
    private readonly getTemplate: GetTemplateUseCase,
    private readonly listVersions: ListTemplateVersionsUseCase,
    private readonly getVersion: GetTemplateVersionUseCase,
    private readonly createTemplate: CreateTemplateUseCase,
    private readonly createDraft: CreateTemplateDraftUseCase,
    private readonly updateDraft: UpdateTemplateDraftUseCase,
    private readonly submitVersion: SubmitTemplateVersionUseCase,
    private readonly approveVersion: ApproveTemplateVersionUseCase,
    private readonly rejectVersion: RejectTemplateVersionUseCase,
    private readonly publishVersion: PublishTemplateVersionUseCase,
    private readonly retireVersion: RetireTemplateVersionUseCase,
    private readonly diffVersions: DiffTemplateVersionsUseCase,
  ) {}

  @Get()
  @Roles('author', 'marketer', 'reviewer')
  @ApiOperation({ summary: 'Templates, with the version documents use now' })
  list(): Promise<TemplateView[]> {
    return this.listTemplates.execute();
  }

  @Post()
  @Roles('author', 'marketer')
  @ApiOperation({ summary: 'Create a template (no versions yet)' })
  @ApiCreatedResponse()
  @ApiConflictResponse({ description: 'The key is taken' })
  create(@Body() body: CreateTemplateDto, @CurrentPrincipal() principal: Principal): Promise<TemplateView> {
    return this.createTemplate.execute(body, principal);
  }

  @Get(':key')
  @Roles('author', 'marketer', 'reviewer')
  @ApiOperation({ summary: 'One template' })
  get(@Param('key') key: string): Promise<TemplateView> {
    return this.getTemplate.execute(key);
  }

  @Get(':key/versions')
  @Roles('author', 'marketer', 'reviewer')
  @ApiOperation({ summary: "A template's versions: status, content hash, author, review and lint findings" })
  @ApiQuery({ name: 'status', required: false, enum: VERSION_STATUSES })
  versions(@Param('key') key: string, @Query('status') status?: string): Promise<VersionView[]> {
    if (status !== undefined && !(VERSION_STATUSES as readonly string[]).includes(status)) {
      throw new DomainError('validation_failed', `status is one of ${VERSION_STATUSES.join(', ')}`, [{ pointer: '/query/status', message: 'is not a version status' }]);
    }
    return this.listVersions.execute(key, status as VersionStatus | undefined);
  }

  @Post(':key/versions')
  @Roles('author', 'marketer')
  @ApiOperation({ summary: 'Create a draft version, from scratch or from an earlier one (`?from=n`)' })
  @ApiQuery({ name: 'from', required: false, description: 'The version this draft was made from' })
  @ApiCreatedResponse()
  @ApiUnprocessableEntityResponse({ description: 'Invalid content, with a JSON pointer per problem' })
  async draft(
    @Param('key') key: string,
    @Query('from') from: string | undefined,
    @Body() body: TemplateContentDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VersionView> {
    const basedOn = from === undefined ? undefined : Number(from);
    if (basedOn !== undefined && !(Number.isInteger(basedOn) && basedOn > 0)) {
      throw new DomainError('validation_failed', 'from is a version number', [{ pointer: '/query/from', message: 'must be a positive integer' }]);
    }
    const view = await this.createDraft
      .execute({ key, content: plain(body), basedOn }, principal)
      .catch(pointingInto({ '/basedOn': '/query/from' }));
    response.setHeader('Location', `/v1/templates/${key}/versions/${view.number}`);
    return view;
  }

  @Get(':key/versions/:n')
  @Roles('author', 'marketer', 'reviewer')
  @ApiOperation({
    summary: 'The full content of a version, in the shape POST .../versions accepts',
    description: 'Status, content hash and author are in the headers (and in GET .../versions).',
  })
  async content(
    @Param('key') key: string,
    @Param('n', versionNumberPipe()) number: number,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TemplateContent> {
    const { view, content } = await this.getVersion.execute(key, number);
    response.setHeader('ETag', `"${view.contentHash}"`);
    response.setHeader('Template-Version-Status', view.status);
    response.setHeader('Template-Version-Author', view.author);
    return content;
  }

  @Get(':key/versions/:a/diff/:b')
  @Roles('author', 'marketer', 'reviewer')
  @ApiOperation({
    summary: 'What changed from version a to version b: the source diff per channel and locale, and both rendered with one sample',
    description:
      'Sources: a unified diff per changed field (email subject/MJML/text, PDF HTML, SMS, WhatsApp texts per locale, catalogs key by key, data contract, captured locked blocks). Rendered: the text of each channel from both versions with its diff, and the email and the first PDF page as base64 PNGs.',
  })
  @ApiQuery({ name: 'sample', required: false, description: "A sample of either version; the first of version b's samples by name when absent" })
  diff(
    @Param('key') key: string,
    @Param('a', versionNumberPipe()) a: number,
    @Param('b', versionNumberPipe()) b: number,
    @Query('sample') sample?: string,
  ): Promise<VersionDiff> {
    return this.diffVersions.execute({ key, a, b, sample }).catch(pointingInto({ '/sample': '/query/sample' }));
  }

  @Put(':key/versions/:n')
  @Roles('author', 'marketer')
  @ApiOperation({ summary: "Replace a draft's content (its author only; submitted versions never change)" })
  @ApiConflictResponse({ description: 'The version is no longer a draft' })
  edit(
    @Param('key') key: string,
    @Param('n', versionNumberPipe()) number: number,
    @Body() body: TemplateContentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<VersionView> {
    return this.updateDraft.execute({ key, number, content: plain(body) }, principal);
  }

  @Post(':key/versions/:n/submit')
  @HttpCode(200)
  @Roles('author', 'marketer')
  @ApiOperation({ summary: 'Submit a draft for review; compliance lint errors block it (422 with pointers)' })
  @ApiOkResponse()
  submit(@Param('key') key: string, @Param('n', versionNumberPipe()) number: number, @CurrentPrincipal() principal: Principal): Promise<VersionView> {
    return this.submitVersion.execute({ key, number }, principal);
  }

  @Post(':key/versions/:n/approve')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Approve a version in review (never by its author, even an admin)' })
  approve(
    @Param('key') key: string,
    @Param('n', versionNumberPipe()) number: number,
    @Body() body: ApproveVersionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<VersionView> {
    return this.approveVersion.execute({ key, number, comment: body.comment, publish: body.publish }, principal);
  }

  @Post(':key/versions/:n/reject')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Reject a version in review with a comment' })
  reject(
    @Param('key') key: string,
    @Param('n', versionNumberPipe()) number: number,
    @Body() body: RejectVersionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<VersionView> {
    return this.rejectVersion.execute({ key, number, comment: body.comment }, principal);
  }

  @Post(':key/versions/:n/publish')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({
    summary: 'Publish an approved version now or at `at`; publishing a retired, once-published version rolls back to it',
  })
  publish(
    @Param('key') key: string,
    @Param('n', versionNumberPipe()) number: number,
    @Body() body: PublishVersionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<VersionView> {
    return this.publishVersion.execute({ key, number, at: body.at ? new Date(body.at) : undefined }, principal);
  }

  @Post(':key/versions/:n/retire')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Retire a published or approved version' })
  retire(@Param('key') key: string, @Param('n', versionNumberPipe()) number: number, @CurrentPrincipal() principal: Principal): Promise<VersionView> {
    return this.retireVersion.execute({ key, number }, principal);
  }
}

/** The DTO instance as plain JSON: its content hash must not depend on a class. */
function plain(body: TemplateContentDto): TemplateContent {
  return JSON.parse(JSON.stringify(body)) as TemplateContent;
}
