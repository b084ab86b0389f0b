import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsBoolean, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export class CreateOfferDto {
  @ApiProperty({ example: 'fiber-upgrade', description: 'Lowercase letters, digits and single hyphens' })
  @IsString()
  @Length(2, 63)
  key: string;

  @ApiPropertyOptional({ example: 'Upgrade residential Fiber 100 customers to Fiber 500' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  description?: string;
}

const INSTANT_MESSAGE = { message: 'must be an ISO 8601 instant with a time zone' };

/**
 * An offer version's content. Its fields are checked as a whole by the offer
 * rules (JSON Schema), which report every problem by JSON pointer.
 */
export class OfferContentDto {
  @ApiProperty({ example: 'invoice', description: 'The template kind whose data contract the eligibility rule reads' })
  @Allow()
  kind: unknown;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Per language (en, ar, zh): { title, body, ctaLabel }',
    example: { en: { title: 'Go Fiber 500', body: 'Five times faster for 10 SAR more a month.', ctaLabel: 'See the offer' } },
  })
  @Allow()
  texts: unknown;

  @ApiPropertyOptional({ example: 'fiber-banner', description: 'A brand asset name (POST /v1/assets); pinned by hash at submit' })
  @Allow()
  image?: unknown;

  @ApiPropertyOptional({ description: 'Set by the platform at submit; a posted value is dropped' })
  @Allow()
  imageAsset?: unknown;

  @ApiProperty({ example: { type: 'url', url: 'https://northwind.example/fiber-500' }, description: '{ type: "url", url } or { type: "ask" } (the invoice\'s ask page)' })
  @Allow()
  cta: unknown;

  @ApiProperty({ example: '2026-11-01T00:00:00Z' })
  @Allow()
  validFrom: unknown;

  @ApiProperty({ example: '2027-01-01T00:00:00Z' })
  @Allow()
  validUntil: unknown;

  @ApiProperty({ example: 10, description: 'Higher wins among eligible offers' })
  @Allow()
  priority: unknown;

  @ApiPropertyOptional({ example: { arms: [{ name: 'a', weight: 50 }, { name: 'b', weight: 50, texts: { en: { title: 'Five times faster' } } }] } })
  @Allow()
  abSplit?: unknown;

  @ApiProperty({ example: 3, description: 'At most this many messages with the offer per recipient in 30 days' })
  @Allow()
  frequencyCap: unknown;

  @ApiPropertyOptional({ example: ['after-totals'], description: 'Template slots it may fill, in order of preference (default after-totals)' })
  @Allow()
  slots?: unknown;

  @ApiProperty({
    description: 'email.mjml: MJML column content; pdf.html: an HTML fragment. Placeholders: {{title}} {{body}} {{ctaLabel}} {{ctaUrl}} {{imageSrc}}',
    example: {
      email: { mjml: '<mj-text font-size="18px" font-weight="700">{{title}}</mj-text><mj-text>{{body}}</mj-text><mj-button href="{{ctaUrl}}">{{ctaLabel}}</mj-button>' },
      pdf: { html: '<h3>{{title}}</h3><p>{{body}}</p><p><a href="{{ctaUrl}}">{{ctaLabel}}</a></p>' },
    },
  })
  @Allow()
  channels: unknown;

  @ApiProperty({ example: { and: [{ '==': [{ var: 'data.account.plan' }, 'Fiber 100'] }, { '<': [{ var: 'derived.amountDue' }, 300] }] }, description: 'JSON Logic over { recipient, data, document: { locale, type }, derived: { daysToDue, amountDue } }' })
  @Allow()
  eligibility: unknown;
}

export class OfferConversionDto {
  @ApiProperty({ example: 'C-10023' })
  @IsString()
  @Length(1, 128)
  customerId: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  documentId?: string;

  @ApiProperty({ example: '2026-11-20T09:30:00Z' })
  @IsISO8601({ strict: true, strictSeparator: true }, INSTANT_MESSAGE)
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, INSTANT_MESSAGE)
  at: string;
}

export class MarketingConsentDto {
  @ApiProperty({ example: true, description: 'Whether the customer agreed to offers inside their transactional messages' })
  @IsBoolean()
  consented: boolean;

  @ApiPropertyOptional({ example: '2026-11-01T08:00:00Z', description: 'When it was given or withdrawn (default now); an older change than the stored one is ignored' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, INSTANT_MESSAGE)
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, INSTANT_MESSAGE)
  at?: string;
}

export class OfferPreviewQueryDto {
  @ApiPropertyOptional({ example: 'en-us', description: "One of the template's samples (default: its first)" })
  @IsOptional()
  @IsString()
  sample?: string;

  @ApiPropertyOptional({ example: 'b', description: 'The A/B arm to show (default: the sample customer\'s)' })
  @IsOptional()
  @IsString()
  arm?: string;
}
