import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsISO8601, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { type CapturedAsset, type CapturedBlock, Channel, type ChannelContents, CHANNELS, type SampleDocument, type TemplateContent } from '@app/contracts';
import { SingleLine } from '../http/single-line.decorator';

const TEMPLATE_KEY = /^[a-z][a-z0-9-]{1,62}$/;

export class CreateTemplateDto {
  @ApiProperty({ example: 'invoice-business', description: 'Becomes the document `type`; lowercase letters, digits and -' })
  @Matches(TEMPLATE_KEY, { message: 'must be a template key (lowercase letters, digits and -)' })
  key: string;

  @ApiProperty({ example: 'invoice', description: 'invoice, payment-confirmation, service-update or a custom kind; fixed for every version' })
  @Matches(TEMPLATE_KEY, { message: 'must be a kind (lowercase letters, digits and -)' })
  kind: string;

  @ApiProperty({ example: 'Business invoice' })
  @IsString()
  @Length(1, 200)
  @SingleLine()
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  description?: string;
}

/**
 * A version's full content: what `GET .../versions/{n}` returns and this
 * accepts. The top level is checked here; the nested structure by the
 * governance rules, which report every problem by JSON pointer.
 */
export class TemplateContentDto implements TemplateContent {
  @ApiProperty({ example: 'invoice' })
  @IsString()
  kind: string;

  @ApiProperty({ example: 'Invoice' })
  @IsString()
  @SingleLine()
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  description?: string;

  @ApiProperty({ example: ['en', 'ar', 'zh'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  locales: string[];

  @ApiProperty({ example: 'en' })
  @IsString()
  defaultLocale: string;

  @ApiProperty({ enum: CHANNELS, isArray: true })
  @IsArray()
  @IsIn(CHANNELS, { each: true })
  defaultChannels: Channel[];

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'JSON Schema (2020-12) of the document data' })
  @IsObject()
  dataContract: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'email { subject, mjml, text }, pdf { html }, sms { text, sender, maxSegments }, whatsapp { ... }' })
  @IsObject()
  channels: ChannelContents;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'ICU MessageFormat catalogs: messages[language][key]' })
  @IsObject()
  messages: Record<string, Record<string, string>>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Named sample documents { locale, recipient, data } the version is linted and previewed with',
  })
  @IsOptional()
  @IsObject()
  samples?: Record<string, SampleDocument>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'The locked blocks the sources include ({{> name}}), captured by the platform when the version is saved and submitted. Send back what GET returned, or leave it out; a template cannot define blocks of its own.',
  })
  @IsOptional()
  @IsObject()
  blocks?: Record<string, CapturedBlock>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'The brand assets the HTML sources and blocks inline ({{asset "logo"}}) as { sha256, contentType, size }: the latest upload of each, captured by the platform when the version is saved and submitted. Send back what GET returned, or leave it out.',
  })
  @IsOptional()
  @IsObject()
  assets?: Record<string, CapturedAsset>;

  @ApiPropertyOptional({
    example: ['after-totals'],
    description: 'Where an offer may appear: the email MJML prints <mj-raw>{{offers.afterTotals.email}}</mj-raw>, the PDF {{offers.afterTotals.pdf}}',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  offerSlots?: string[];
}

export class ApproveVersionDto {
  @ApiPropertyOptional({ example: 'Legal footer checked against the 2026 disclosure rules' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  comment?: string;

  @ApiPropertyOptional({ description: 'Publish at once as well (default: the platform setting)' })
  @IsOptional()
  @IsBoolean()
  publish?: boolean;
}

export class RejectVersionDto {
  @ApiProperty({ example: 'The due date is missing from the SMS' })
  @IsString()
  @Length(1, 2000)
  comment: string;
}

export class PublishVersionDto {
  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Publish at this instant instead of now' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'must be an ISO 8601 instant' })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'must carry a time zone (Z or ±hh:mm)' })
  at?: string;
}
