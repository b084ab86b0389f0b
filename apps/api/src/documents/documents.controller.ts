import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal } from '@app/auth';
import {
  CreateDocumentUseCase,
  DocumentLedgerView,
  GetDocumentLedgerUseCase,
  GetDocumentUseCase,
  GetEmailMessageUseCase,
  GetRenditionUseCase,
  SearchDocumentsUseCase,
} from '@app/documents';
import { DomainError, ForegroundWork } from '@app/kernel';
import { DeliveryView, ListDocumentDeliveriesUseCase, PlanDispatchUseCase } from '@app/dispatch';
import { CHANNELS, isChannel } from '@app/contracts';
import { Roles } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { StripBidiControlsPipe } from '../http/customer-text.pipe';
import { CreateDocumentDto } from './create-document.dto';
import { DispatchDocumentDto } from './dispatch-document.dto';
import { DocumentSearchPageDto, documentSearchOf, SearchDocumentsQueryDto } from './search-documents.dto';
import { DocumentResponse, documentHref, documentResponse, inIdempotencyHeaderTerms } from './document.response';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const EMAIL_PARTS = ['html', 'text', 'mime'] as const;

@ApiTags('documents')
@Controller('v1/documents')
@Roles('billing')
export class DocumentsController {
  constructor(
    private readonly createDocument: CreateDocumentUseCase,
    private readonly getDocument: GetDocumentUseCase,
    private readonly searchDocuments: SearchDocumentsUseCase,
    private readonly getRendition: GetRenditionUseCase,
    private readonly getEmailMessage: GetEmailMessageUseCase,
    private readonly getLedger: GetDocumentLedgerUseCase,
    private readonly listDeliveries: ListDocumentDeliveriesUseCase,
    private readonly planDispatch: PlanDispatchUseCase,
    private readonly foreground: ForegroundWork,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Accept a document for rendering (and dispatch)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body replays the first response for 24 h at least' })
  @ApiOkResponse({ description: 'externalRef names an existing document with the same content: that document' })
  @ApiUnprocessableEntityResponse({ description: 'Schema or reconciliation errors with JSON pointers; Idempotency-Key reused with another body' })
  @ApiConflictResponse({ description: 'A request with this Idempotency-Key is still in flight (retry after Retry-After seconds); or externalRef is taken by other content' })
  async create(
    @Body(StripBidiControlsPipe) body: CreateDocumentDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DocumentResponse> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new DomainError('validation_failed', 'Idempotency-Key must be 1 to 255 visible ASCII characters', [
        { pointer: '/headers/idempotency-key', message: 'must be 1 to 255 visible ASCII characters' },
      ]);
    }
    // A batch being uploaded to this process writes its next lines once this document is in.
    const result = await this.foreground.run(() => this.createDocument.execute({ request: body, principal, idempotencyKey })).catch(inIdempotencyHeaderTerms);
    response.status(result.created ? 201 : 200);
    response.setHeader('Location', documentHref(result.body.id));
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return documentResponse(result.body);
  }

  @Get()
  @Roles('billing', 'reviewer')
  @ApiOperation({ summary: 'Find documents by external reference, customer, type or status; newest first, a page at a time' })
  @ApiQuery({ type: SearchDocumentsQueryDto })
  @ApiOkResponse({ type: DocumentSearchPageDto })
  @ApiBadRequestResponse({ description: 'A parameter is unknown or malformed; the detail names it (problem+json)' })
  search(@Query() query: Record<string, unknown>): Promise<DocumentSearchPageDto> {
    return this.searchDocuments.execute(documentSearchOf(query)) as Promise<DocumentSearchPageDto>;
  }

  @Get(':id')
  @ApiOperation({ summary: 'A document: pinned template version, renditions, deliveries, action links' })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<DocumentResponse> {
    const view = await this.getDocument.execute(id);
    return documentResponse(view, await this.listDeliveries.execute(id));
  }

  @Post(':id/dispatch')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a rendered document to its recipient; asking again sends nothing more',
    description: 'Plans the deliveries by the template kind\'s routing (first channel that works, or every channel) and answers with them.',
  })
  @ApiConflictResponse({ description: 'The document is not rendered yet, or failed to render (problem+json)' })
  async dispatch(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: DispatchDocumentDto): Promise<{ planned: boolean; deliveries: DeliveryView[] }> {
    const { planned } = await this.planDispatch.execute(id, { channels: body?.channels });
    return { planned, deliveries: await this.listDeliveries.execute(id) };
  }

  @Get(':id/ledger')
  @ApiOperation({ summary: "The document's own hash-chained history: accepted (request hash), each rendition's bytes hash; verified as read" })
  ledger(@Param('id', new ParseUUIDPipe()) id: string): Promise<DocumentLedgerView> {
    return this.getLedger.execute(id);
  }

  @Get(':id/renditions/:channel')
  @ApiOperation({
    summary: 'The exact output of one channel; waits (bounded) while it is still rendering',
    description:
      'email → text/html (`?part=text` → text/plain; `?part=mime` → message/rfc822, the whole message with the PDF ' +
      'attached when the document was requested as a PDF too), pdf → application/pdf, sms and whatsapp → JSON',
  })
  @ApiParam({ name: 'channel', enum: CHANNELS })
  @ApiQuery({ name: 'part', required: false, enum: EMAIL_PARTS })
  @ApiProduces('text/html', 'text/plain', 'message/rfc822', 'application/pdf', 'application/json')
  @ApiServiceUnavailableResponse({ description: 'Still rendering after the wait: retry after Retry-After seconds' })
  async rendition(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('channel') channel: string,
    @Query('part') part: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (!isChannel(channel)) throw new DomainError('not_found', `Unknown channel "${channel}"; one of ${CHANNELS.join(', ')}`);
    if (part !== undefined && (channel !== 'email' || !(EMAIL_PARTS as readonly string[]).includes(part))) {
      throw new DomainError('validation_failed', `part is one of ${EMAIL_PARTS.join(', ')}, for the email channel`, [
        { pointer: '/query/part', message: `must be one of ${EMAIL_PARTS.join(', ')} (email only)` },
      ]);
    }
    const aborted = new AbortController();
    request.on('close', () => aborted.abort());
    if (part === 'mime') {
      const message = await this.getEmailMessage.execute(id, aborted.signal);
      response.setHeader('ETag', `"${message.sha256}"`);
      response.setHeader('Cache-Control', 'private, no-store');
      response.type('message/rfc822').send(message.bytes);
      return;
    }
    const output = await this.getRendition.execute(id, channel, aborted.signal);
    response.setHeader('ETag', `"${output.sha256}"`);
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (part === 'text') {
      response.type('text/plain; charset=utf-8').send(output.altBody ?? '');
      return;
    }
    if (channel === 'email') {
      // Rendered email is shown to people in browsers: no scripts, nothing fetched from elsewhere.
      response.setHeader('Content-Security-Policy', "default-src 'none'; img-src data: https:; style-src 'unsafe-inline'");
    }
    response.type(output.contentType).send(output.body);
  }
}
