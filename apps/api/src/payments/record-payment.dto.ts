import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Length, Matches, ValidateBy } from 'class-validator';
import { isBillableCurrency } from '@app/kernel';
import { PAYMENT_METHODS, type PaymentMethod } from '@app/payments';
import { SingleLine } from '../http/single-line.decorator';

function BillableCurrency(): PropertyDecorator {
  return ValidateBy({
    name: 'billableCurrency',
    validator: { validate: (value: unknown) => isBillableCurrency(value), defaultMessage: () => 'must be an active ISO 4217 currency code such as "USD"' },
  });
}

/** The billing system's report that an invoice was paid elsewhere. */
export class RecordPaymentDto {
  @ApiProperty({ example: '228.85', description: "Decimal string in the invoice's currency, more than zero" })
  @IsString()
  @Matches(/^\d{1,18}(\.\d{1,3})?$/, { message: 'must be a decimal string such as "228.85"' })
  amount: string;

  @ApiProperty({ example: 'USD' })
  @IsString()
  @BillableCurrency()
  currency: string;

  @ApiProperty({ example: '2026-12-02T14:03:00Z' })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  @Matches(/T/, { message: 'must be an ISO 8601 date-time, with a time' })
  paidAt: string;

  @ApiProperty({ example: 'BANK-2026-12-0042', description: "The billing system's own reference: the same reference again is the same payment" })
  @IsString()
  @Length(1, 64)
  @SingleLine()
  reference: string;

  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn(PAYMENT_METHODS)
  method: PaymentMethod;

  @ApiPropertyOptional({ default: false, description: 'Send the customer a payment confirmation' })
  @IsOptional()
  @IsBoolean()
  sendConfirmation?: boolean;
}
