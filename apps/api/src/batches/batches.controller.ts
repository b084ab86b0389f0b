import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Principal } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AcceptBatchUseCase, BatchLine, BatchView, CancelBatchUseCase, DocumentRequest, GetBatchUseCase } from '@app/documents';
import { DomainError, ForegroundWork } from '@app/kernel';
import { Roles } from '../auth/access.decorators';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { StripBidiControlsPipe } from '../http/customer-text.pipe';
import { RequestHygienePipe } from '../http/request-hygiene.pipe';
import { requestValidationPipe } from '../http/validation';
import { CreateDocumentDto } from '../documents/create-document.dto';

/** Lines written per transaction: large enough for multi-row statements to pay, small enough to answer as they go. */
const CHUNK_LINES = 250;
const NDJSON = 'application/x-ndjson';

@ApiTags('batches')
@Controller('v1/batches')
@Roles('billing')
export class BatchesController {
  private readonly hygiene = new RequestHygienePipe();
  private readonly bidi = new StripBidiControlsPipe();
  private readonly validation = requestValidationPipe();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly acceptBatch: AcceptBatchUseCase,
    private readonly getBatch: GetBatchUseCase,
    private readonly cancelBatch: CancelBatchUseCase,
    private readonly foreground: ForegroundWork,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Accept many documents in one request: NDJSON, one document request per line (gzip accepted)',
    description:
      'Answers 201 with NDJSON as the lines are read: per line `{"line":n,"status":"accepted","documentId":…,"created":…}` ' +
      'or `{"line":n,"status":"refused","code":…,"errors":[{pointer,message}]}`, then `{"batch":{…}}` with the counts. ' +
      'Location names the batch.',
  })
  @ApiConsumes(NDJSON)
  @ApiProduces(NDJSON)
  async create(@Req() request: Request, @Res() response: Response, @CurrentPrincipal() principal: Principal): Promise<void> {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== NDJSON) throw new UnsupportedMediaTypeException(`A batch is ${NDJSON}, one document request per line`);
    const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'gzip' && encoding !== 'identity') throw new UnsupportedMediaTypeException('Content-Encoding is gzip or none');

    const batchId = await this.acceptBatch.open(principal);
    response.status(201).setHeader('Content-Type', `${NDJSON}; charset=utf-8`);
    response.setHeader('Location', `/v1/batches/${batchId}`);
    const source: Readable = encoding === 'gzip' ? request.pipe(createGunzip()) : request;
    let chunk: BatchLine[] = [];
    let number = 0;
    const flush = async () => {
      if (!chunk.length) return;
      // Documents posted on their own meanwhile are accepted first (bounded: see ForegroundWork).
      await this.foreground.idle();
      const results = await this.acceptBatch.acceptChunk(batchId, principal, chunk);
      chunk = [];
      const text = results.map((result) => JSON.stringify(result)).join('\n') + '\n';
      if (!response.write(text)) await new Promise((resolve) => response.once('drain', resolve));
    };
    try {
      const lines = createInterface({ input: source, crlfDelay: Infinity });
      source.on('error', (error) => lines.emit('error', error));
      for await (const text of lines) {
        number += 1;
        if (!text.trim()) continue;
        chunk.push(await this.parse(number, text));
        if (chunk.length >= CHUNK_LINES) await flush();
      }
      await flush();
    } catch (error) {
      // The body broke off or could not be read (a corrupt gzip stream): what was accepted stays accepted.
      response.write(`${JSON.stringify({ error: { code: 'validation_failed', message: `The batch could not be read past line ${number}: ${(error as Error).message}` } })}\n`);
    }
    await this.acceptBatch.finish(batchId);
    response.end(`${JSON.stringify({ batch: await this.getBatch.execute(batchId) })}\n`);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A batch: its documents by state (accepted, rendered, sent, delivered, failed) and the rate they rendered at' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<BatchView> {
    return this.getBatch.execute(id);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @ApiOperation({ summary: 'Cancel a batch: nothing of it not yet sent is sent; what was sent stays sent' })
  async cancel(@Param('id', new ParseUUIDPipe()) id: string): Promise<BatchView & { cancelled: boolean }> {
    const { cancelled } = await this.cancelBatch.execute(id);
    return { ...(await this.getBatch.execute(id)), cancelled };
  }

  /** One line checked exactly as the body of `POST /v1/documents` is: size, characters, shape, bidi controls. */
  private async parse(line: number, text: string): Promise<BatchLine> {
    try {
      if (Buffer.byteLength(text) > this.config.limits.bodyBytes) {
        throw new DomainError('limit_exceeded', `A line may hold at most ${this.config.limits.bodyBytes} bytes`, [{ pointer: '', message: 'line too long' }]);
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new DomainError('validation_failed', 'The line is not JSON', [{ pointer: '', message: 'is not a JSON document request' }]);
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new DomainError('validation_failed', 'The line is not a document request', [{ pointer: '', message: 'must be a JSON object' }]);
      }
      const body = { type: 'body' as const, metatype: CreateDocumentDto, data: '' };
      this.hygiene.transform(value, body);
      this.bidi.transform(value, body);
      const request = (await this.validation.transform(value, body)) as DocumentRequest;
      return { line, request };
    } catch (error) {
      if (error instanceof DomainError) return { line, refusal: error };
      throw error;
    }
  }
}
