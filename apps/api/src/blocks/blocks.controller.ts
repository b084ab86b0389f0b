import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@app/auth';
import {
  ApproveBlockVersionUseCase,
  BlockDetailView,
  BlockVersionView,
  BlockView,
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
} from '@app/governance';
import { DomainError } from '@app/kernel';
import type { BlockContent } from '@app/contracts';
import { Roles } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { pointingInto } from '../http/request-pointers';
import { ApproveVersionDto, RejectVersionDto } from '../templates/template.dto';
import { versionNumberPipe } from '../templates/version-number.pipe';
import { BlockContentDto, CreateBlockDto } from './block.dto';

/**
 * Locked blocks: compliance-owned partials templates include as `{{> name}}`.
 * Authors read them; only reviewers (and admins) write them, and a version is
 * approved by a reviewer other than its author, as template versions are.
 */
@ApiTags('blocks')
@Controller('v1/blocks')
export class BlocksController {
  constructor(
    private readonly listBlocks: ListBlocksUseCase,
    private readonly getBlock: GetBlockUseCase,
    private readonly getVersion: GetBlockVersionUseCase,
    private readonly createBlock: CreateBlockUseCase,
    private readonly createDraft: CreateBlockDraftUseCase,
    private readonly updateDraft: UpdateBlockDraftUseCase,
    private readonly submitVersion: SubmitBlockVersionUseCase,
    private readonly approveVersion: ApproveBlockVersionUseCase,
    private readonly rejectVersion: RejectBlockVersionUseCase,
    private readonly publishVersion: PublishBlockVersionUseCase,
    private readonly retireVersion: RetireBlockVersionUseCase,
  ) {}

  @Get()
  @Roles('author', 'marketer', 'reviewer')
  @ApiOperation({ summary: 'Locked blocks, with the version templates capture now' })
  list(): Promise<BlockView[]> {
    return this.listBlocks.execute();
  }

  @Post()
  @Roles('reviewer')
  @ApiOperation({ summary: 'Create a locked block (no versions yet)' })
  @ApiCreatedResponse()
  create(@Body() body: CreateBlockDto, @CurrentPrincipal() principal: Principal): Promise<BlockView> {
    return this.createBlock.execute(body, principal);
  }

  @Get(':name')
  @Roles('author', 'marketer', 'reviewer')
  @ApiOperation({ summary: 'One block: its versions, and the template versions that carry it (outdated when a newer block version is published)' })
  get(@Param('name') name: string): Promise<BlockDetailView> {
    return this.getBlock.execute(name);
  }

  @Post(':name/versions')
  @Roles('reviewer')
  @ApiOperation({ summary: 'Create a draft block version, from scratch or from an earlier one (`?from=n`)' })
  @ApiQuery({ name: 'from', required: false })
  @ApiCreatedResponse()
  async draft(
    @Param('name') name: string,
    @Query('from') from: string | undefined,
    @Body() body: BlockContentDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BlockVersionView> {
    const basedOn = from === undefined ? undefined : Number(from);
    if (basedOn !== undefined && !(Number.isInteger(basedOn) && basedOn > 0)) {
      throw new DomainError('validation_failed', 'from is a version number', [{ pointer: '/query/from', message: 'must be a positive integer' }]);
    }
    const view = await this.createDraft
      .execute({ name, content: plain(body), basedOn }, principal)
      .catch(pointingInto({ '/basedOn': '/query/from' }));
    response.setHeader('Location', `/v1/blocks/${name}/versions/${view.number}`);
    return view;
  }

  @Get(':name/versions/:n')
  @Roles('author', 'marketer', 'reviewer')
  @ApiOperation({ summary: 'The content of a block version, in the shape POST .../versions accepts; status and hash in the headers' })
  async content(@Param('name') name: string, @Param('n', versionNumberPipe()) number: number, @Res({ passthrough: true }) response: Response): Promise<BlockContent> {
    const { view, content } = await this.getVersion.execute(name, number);
    response.setHeader('ETag', `"${view.contentHash}"`);
    response.setHeader('Block-Version-Status', view.status);
    response.setHeader('Block-Version-Author', view.author);
    return content;
  }

  @Put(':name/versions/:n')
  @Roles('reviewer')
  @ApiOperation({ summary: "Replace a block draft's content (its author only)" })
  edit(
    @Param('name') name: string,
    @Param('n', versionNumberPipe()) number: number,
    @Body() body: BlockContentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BlockVersionView> {
    return this.updateDraft.execute({ name, number, content: plain(body) }, principal);
  }

  @Post(':name/versions/:n/submit')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Submit a block draft for review; its lint errors block it (422 with pointers)' })
  @ApiOkResponse()
  submit(@Param('name') name: string, @Param('n', versionNumberPipe()) number: number, @CurrentPrincipal() principal: Principal): Promise<BlockVersionView> {
    return this.submitVersion.execute({ name, number }, principal);
  }

  @Post(':name/versions/:n/approve')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Approve a block version in review (never by its author, even an admin)' })
  approve(
    @Param('name') name: string,
    @Param('n', versionNumberPipe()) number: number,
    @Body() body: ApproveVersionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BlockVersionView> {
    return this.approveVersion.execute({ name, number, comment: body.comment, publish: body.publish }, principal);
  }

  @Post(':name/versions/:n/reject')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Reject a block version in review with a comment' })
  reject(
    @Param('name') name: string,
    @Param('n', versionNumberPipe()) number: number,
    @Body() body: RejectVersionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BlockVersionView> {
    return this.rejectVersion.execute({ name, number, comment: body.comment }, principal);
  }

  @Post(':name/versions/:n/publish')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Publish an approved block version (or a once-published one again); templates take it with their next version' })
  publish(@Param('name') name: string, @Param('n', versionNumberPipe()) number: number, @CurrentPrincipal() principal: Principal): Promise<BlockVersionView> {
    return this.publishVersion.execute({ name, number }, principal);
  }

  @Post(':name/versions/:n/retire')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Retire a published or approved block version' })
  retire(@Param('name') name: string, @Param('n', versionNumberPipe()) number: number, @CurrentPrincipal() principal: Principal): Promise<BlockVersionView> {
    return this.retireVersion.execute({ name, number }, principal);
  }
}

/** The DTO instance as plain JSON: its content hash must not depend on a class. */
function plain(body: BlockContentDto): BlockContent {
  return JSON.parse(JSON.stringify(body)) as BlockContent;
}
