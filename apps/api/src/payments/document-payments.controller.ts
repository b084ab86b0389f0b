import { Body, Controller, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { RecordExternalPaymentUseCase } from '@app/payments';
import { Roles } from '../auth/access.decorators';
import { RecordPaymentDto } from './record-payment.dto';

export interface PaymentResponse {
  readonly id: string;
  readonly documentId: string;
  readonly source: string;
  readonly reference: string;
  readonly amount: string;
  readonly currency: string;
  readonly paidAt: string;
  readonly recordedAt: string;
  readonly confirmationDocumentId: string | null;
}

@ApiTags('documents')
@Controller('v1/documents')
@Roles('billing')
export class DocumentPaymentsController {
  constructor(private readonly recordExternal: RecordExternalPaymentUseCase) {}

  @Post(':id/payments')
  @ApiOperation({ summary: 'The invoice was paid elsewhere: record it, revoke the pay link, publish action.paid (201; 200 for the same reference again)' })
  @ApiNotFoundResponse({ description: 'No such document (problem+json)' })
  @ApiConflictResponse({ description: 'already_paid with another reference, or not_payable: not an invoice (problem+json)' })
  @ApiUnprocessableEntityResponse({ description: 'Invalid fields, or a currency other than the invoice\'s, with JSON pointers (problem+json)' })
  async record(
    @Param('id', new ParseUUIDPipe()) documentId: string,
    @Body() body: RecordPaymentDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PaymentResponse> {
    const result = await this.recordExternal.execute({
      documentId,
      amount: body.amount,
      currency: body.currency,
      paidAt: new Date(body.paidAt),
      reference: body.reference,
      method: body.method,
      sendConfirmation: body.sendConfirmation ?? false,
    });
    response.status(result.created ? 201 : 200);
    const { payment } = result;
    return {
      id: payment.id,
      documentId: payment.documentId,
      source: payment.source,
      reference: payment.providerReference,
      amount: payment.amount,
      currency: payment.currency,
      paidAt: payment.paidAt.toISOString(),
      recordedAt: payment.recordedAt.toISOString(),
      confirmationDocumentId: result.confirmationDocumentId,
    };
  }
}
