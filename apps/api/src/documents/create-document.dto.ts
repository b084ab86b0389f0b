import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsPhoneNumber,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { Channel, CHANNELS } from '@app/contracts';
import { SingleLine } from '../http/single-line.decorator';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * E.164 says only how a number is written; libphonenumber-js (through class-validator)
 * knows each country's numbering plan, so a number no provider could deliver to is
 * refused at intake instead of failing at send time.
 */
const NOT_A_NUMBER = 'is not a phone number in use in any country\'s numbering plan';

/** Language, optional script, optional region: `en`, `ar-SA`, `zh-Hans-CN`. */
const LOCALE = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/;
const TEMPLATE_KEY = /^[a-z][a-z0-9-]{1,62}$/;

/** An optional list of distinct channels, in order of preference. */
function OptionalChannelList(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ enum: CHANNELS, isArray: true, description }),
    IsOptional(),
    IsArray(),
    ArrayUnique(),
    ArrayMaxSize(CHANNELS.length),
    IsIn(CHANNELS, { each: true }),
  );
}

export class ConsentsDto {
  @ApiPropertyOptional({ description: 'Consent to marketing content (offers) inside transactional messages' })
  @IsOptional()
  @IsBoolean()
  marketing?: boolean;
}

export class RecipientDto {
  @ApiProperty({ example: 'C-10023' })
  @IsString()
  @Length(1, 128)
  @SingleLine()
  customerId: string;

  @ApiProperty({ example: 'ليلى الحربي' })
  @IsString()
  @Length(1, 200)
  @SingleLine()
  name: string;

  @ApiPropertyOptional({ example: 'layla@example.com' })
  @IsOptional()
  @IsEmail({ allow_display_name: false, allow_ip_domain: false, require_tld: true })
  @Length(3, 254)
  @SingleLine()
  email?: string;

  @ApiPropertyOptional({ example: '+966501234567', description: 'E.164' })
  @IsOptional()
  @Matches(E164, { message: 'must be an E.164 phone number such as +966501234567' })
  @IsPhoneNumber(undefined, { message: NOT_A_NUMBER })
  phone?: string;

  @ApiPropertyOptional({ example: '+966501234567', description: 'E.164; defaults to phone' })
  @IsOptional()
  @Matches(E164, { message: 'must be an E.164 phone number such as +966501234567' })
  @IsPhoneNumber(undefined, { message: NOT_A_NUMBER })
  whatsapp?: string;

  @ApiPropertyOptional({ type: ConsentsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConsentsDto)
  consents?: ConsentsDto;

  @OptionalChannelList('Preference order')
  channels?: Channel[];
}

export class CreateDocumentDto {
  @ApiProperty({ example: 'invoice', description: 'Template key: invoice, payment-confirmation, service-update or a custom one' })
  @Matches(TEMPLATE_KEY, { message: 'must be a template key (lowercase letters, digits and -)' })
  type: string;

  @ApiProperty({ example: 'ar-SA', description: 'BCP 47 locale' })
  @Matches(LOCALE, { message: 'must be a BCP 47 locale such as en-US, ar-SA or zh-CN' })
  locale: string;

  @ApiPropertyOptional({ example: 'INV-2026-000123', description: 'Business dedupe key: same type and externalRef is the same document' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @SingleLine()
  externalRef?: string;

  @ApiProperty({ type: RecipientDto })
  @ValidateNested()
  @Type(() => RecipientDto)
  recipient: RecipientDto;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "Type-specific data, validated against the published template version's data contract (JSON Schema)",
  })
  @IsObject()
  data: Record<string, unknown>;

  @OptionalChannelList("Omitted: the recipient's preference, then the template's default")
  channels?: Channel[];

  @ApiPropertyOptional({ default: false, description: 'Send through the providers once rendered' })
  @IsOptional()
  @IsBoolean()
  dispatch?: boolean;
}
