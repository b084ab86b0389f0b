import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { ConsentChannel } from '@app/consent';

const CHANNELS: ConsentChannel[] = ['email', 'sms', 'whatsapp'];
/** An E.164 number or an email address, as deliveries keep them. */
const ADDRESS = /^(\+[1-9]\d{6,14}|[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+)$/;
const ADDRESS_MESSAGE = 'must be an E.164 number (+15551234567) or an email address';

export class ConsentQueryDto {
  @ApiPropertyOptional({ example: 'C-100', description: 'The billing system customer id; give this or address' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  customerId?: string;

  @ApiPropertyOptional({ example: '+14155550100', description: 'An E.164 number or an email address; give this or customerId' })
  @IsOptional()
  @Matches(ADDRESS, { message: ADDRESS_MESSAGE })
  address?: string;
}

export class SetConsentDto extends ConsentQueryDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: ConsentChannel;

  @ApiProperty({ description: 'true: nothing more is sent on this channel; false: opted back in' })
  @IsBoolean()
  optedOut: boolean;
}
