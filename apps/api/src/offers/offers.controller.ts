import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/kernel';
import {
  ApproveOfferVersionUseCase,
  CreateOfferDraftUseCase,
  CreateOfferUseCase,
  GetOfferUseCase,
  ListOffersUseCase,
  OfferDetailView,
  OfferPreview,
  OfferVersionView,
  OfferView,
  PreviewOfferVersionUseCase,
  PublishOfferVersionUseCase,
  RecordOfferConversionUseCase,
  RejectOfferVersionUseCase,
  RetireOfferVersionUseCase,
  SubmitOfferVersionUseCase,
  UpdateOfferDraftUseCase,
} from '@app/offers';
import { Roles } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { pointingInto } from '../http/request-pointers';
import { ApproveVersionDto, RejectVersionDto } from '../templates/template.dto';
import { versionNumberPipe } from '../templates/version-number.pipe';
import { CreateOfferDto, OfferContentDto, OfferConversionDto, OfferPreviewQueryDto } from './offer.dto';

/**
 * The offer catalog: marketers write offer versions, reviewers approve them
 * (never their own), with the lifecycle and audit of template versions.
 */
@ApiTags('offers')
@Controller('v1/offers')
export class OffersController {
  constructor(
    private readonly createOffer: CreateOfferUseCase,
    private readonly listOffers: ListOffersUseCase,
    private readonly getOffer: GetOfferUseCase,
    private readonly createDraft: CreateOfferDraftUseCase,
    private readonly updateDraft: UpdateOfferDraftUseCase,
    private readonly submitVersion: SubmitOfferVersionUseCase,
    private readonly approveVersion: ApproveOfferVersionUseCase,
    private readonly rejectVersion: RejectOfferVersionUseCase,
    private readonly publishVersion: PublishOfferVersionUseCase,
    private readonly retireVersion: RetireOfferVersionUseCase,
    private readonly previewVersion: PreviewOfferVersionUseCase,
    private readonly recordConversion: RecordOfferConversionUseCase,
  ) {}

  @Post()
  @Roles('marketer')
  @ApiOperation({ summary: 'Create an offer (no versions yet)' })
  @ApiCreatedResponse()
  create(@Body() body: CreateOfferDto, @CurrentPrincipal() principal: Principal): Promise<OfferView> {
    return this.createOffer.execute(body, principal);
  }

  @Get()
  @Roles('marketer', 'reviewer')
  @ApiOperation({ summary: 'The offer catalog, with the version each offer shows now' })
  list(): Promise<OfferView[]> {
    return this.listOffers.execute();
  }

  @Get(':key')
  @Roles('marketer', 'reviewer')
  @ApiOperation({ summary: 'One offer and its versions' })
  get(@Param('key') key: string): Promise<OfferDetailView> {
    return this.getOffer.execute(key);
  }

  @Post(':key/versions')
  @Roles('marketer')
  @ApiOperation({ summary: 'Create a draft offer version, from scratch or from an earlier one (`?from=n`)' })
  @ApiQuery({ name: 'from', required: false })
  @ApiCreatedResponse()
  async draft(
    @Param('key') key: string,
    @Query('from') from: string | undefined,
    @Body() body: OfferContentDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OfferVersionView> {
    const basedOn = from === undefined ? undefined : Number(from);
    if (basedOn !== undefined && !(Number.isInteger(basedOn) && basedOn > 0)) {
      throw new DomainError('validation_failed', 'from is a version number', [{ pointer: '/query/from', message: 'must be a positive integer' }]);
    }
    const view = await this.createDraft.execute(key, plain(body), principal, basedOn).catch(pointingInto({ '/basedOn': '/query/from' }));
    response.setHeader('Location', `/v1/offers/${key}/versions/${view.number}`);
    return view;
  }

  @Get(':key/versions/:n')
  @Roles('marketer', 'reviewer')
  @ApiOperation({ summary: 'One offer version with its content and lifecycle facts' })
  version(@Param('key') key: string, @Param('n', versionNumberPipe()) number: number): Promise<OfferVersionView> {
    return this.getOffer.version({ key, number });
  }

  @Put(':key/versions/:n')
  @Roles('marketer')
  @ApiOperation({ summary: "Replace a draft's content (its author only; submitted versions never change)" })
  edit(@Param('key') key: string, @Param('n', versionNumberPipe()) number: number, @Body() body: OfferContentDto, @CurrentPrincipal() principal: Principal): Promise<OfferVersionView> {
    return this.updateDraft.execute({ key, number }, plain(body), principal);
  }

  @Post(':key/versions/:n/submit')
  @HttpCode(200)
  @Roles('marketer')
  @ApiOperation({ summary: 'Submit a draft for review; lint errors (an eligibility path outside the data contract, unknown placeholders, invalid MJML) block it: 422 with pointers' })
  submit(@Param('key') key: string, @Param('n', versionNumberPipe()) number: number, @CurrentPrincipal() principal: Principal): Promise<OfferVersionView> {
    return this.submitVersion.execute({ key, number }, principal);
  }

  @Post(':key/versions/:n/approve')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Approve a version in review (never by its author, even an admin); `publish: true` publishes it too' })
  approve(@Param('key') key: string, @Param('n', versionNumberPipe()) number: number, @Body() body: ApproveVersionDto, @CurrentPrincipal() principal: Principal): Promise<OfferVersionView> {
    return this.approveVersion.execute({ key, number }, { comment: body.comment, publish: body.publish }, principal);
  }

  @Post(':key/versions/:n/reject')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Reject a version in review with a comment' })
  reject(@Param('key') key: string, @Param('n', versionNumberPipe()) number: number, @Body() body: RejectVersionDto, @CurrentPrincipal() principal: Principal): Promise<OfferVersionView> {
    return this.rejectVersion.execute({ key, number }, body.comment, principal);
  }

  @Post(':key/versions/:n/publish')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Publish an approved version: from the next render on, messages may carry it' })
  publish(@Param('key') key: string, @Param('n', versionNumberPipe()) number: number, @CurrentPrincipal() principal: Principal): Promise<OfferVersionView> {
    return this.publishVersion.execute({ key, number }, principal);
  }

  @Post(':key/versions/:n/retire')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Retire a published or approved version: no later render carries it' })
  retire(@Param('key') key: string, @Param('n', versionNumberPipe()) number: number, @CurrentPrincipal() principal: Principal): Promise<OfferVersionView> {
    return this.retireVersion.execute({ key, number }, principal);
  }

  @Get(':key/versions/:n/preview')
  @Roles('marketer', 'reviewer')
  @ApiOperation({ summary: "The version rendered inside a real message of its template kind (email HTML and PDF) for one of the template's samples, with its rule explained" })
  preview(@Param('key') key: string, @Param('n', versionNumberPipe()) number: number, @Query() query: OfferPreviewQueryDto): Promise<OfferPreview> {
    return this.previewVersion.execute({ key, number }, query);
  }

  @Post(':key/conversions')
  @HttpCode(201)
  @Roles('billing')
  @ApiOperation({ summary: 'A customer took the offer; credited to the version and arm they were shown' })
  convert(@Param('key') key: string, @Body() body: OfferConversionDto, @CurrentPrincipal() principal: Principal): Promise<{ recorded: true }> {
    return this.recordConversion.execute(key, { customerId: body.customerId, documentId: body.documentId, at: new Date(body.at) }, principal);
  }
}

/** The DTO instance as plain JSON: its content hash must not depend on a class. */
function plain(body: OfferContentDto): unknown {
  return JSON.parse(JSON.stringify(body)) as unknown;
}
