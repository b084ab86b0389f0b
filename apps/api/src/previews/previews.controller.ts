import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { PreviewResult, PreviewTemplateUseCase } from '@app/previews';
import { Roles } from '../auth/access.decorators';
import { StripBidiControlsPipe } from '../http/customer-text.pipe';
import { PreviewRequestDto, toPreviewRequest } from './preview-request.dto';

@ApiTags('previews')
@Controller('v1/previews')
@Roles('author', 'marketer', 'reviewer')
export class PreviewsController {
  constructor(private readonly previewTemplate: PreviewTemplateUseCase) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Render a stored version (drafts included) or unsaved content, per channel, without storing or sending anything',
    description:
      'Each channel returns its output and diagnostics — email { subject, html, text, htmlBytes, textBytes, clipped, warnings }, ' +
      'pdf { pdfBase64, pages, bytes, blockedRequests }, sms { text, encoding, segments, characters, maxSegments, withinBudget }, ' +
      'whatsapp { payload, filled, findings, sendable } — or { error: { code, message, errors } } when that channel cannot be ' +
      'rendered with this data; the other channels still are. Unsaved content and drafts also get static `lint` findings.',
  })
  @ApiOkResponse({ description: 'Every requested channel, rendered or with its error' })
  @ApiUnprocessableEntityResponse({ description: 'Invalid request or content, or data that breaks the data contract, with a JSON pointer per problem' })
  preview(@Body(StripBidiControlsPipe) body: PreviewRequestDto): Promise<PreviewResult> {
    return this.previewTemplate.execute(toPreviewRequest(body));
  }
}
