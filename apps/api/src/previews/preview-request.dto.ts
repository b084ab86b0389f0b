import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';
import type { PreviewRequest } from '@app/previews';
import { Channel, CHANNELS, type TemplateContent } from '@app/contracts';
import { SingleLine } from '../http/single-line.decorator';
import { RecipientDto } from '../documents/create-document.dto';
import { TemplateContentDto } from '../templates/template.dto';

const TEMPLATE_KEY = /^[a-z][a-z0-9-]{1,62}$/;
const SAMPLE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Language, optional script, optional region: `en`, `ar-SA`, `zh-Hans-CN`. */
const LOCALE = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/;

/**
 * A stored version (`template`, `version`) or unsaved `content`, with a
 * `sample` of it or given `locale`, `recipient` and `data`. Which combinations
 * make sense is checked by the use case, with a pointer per problem.
 */
export class PreviewRequestDto {
  @ApiPropertyOptional({ example: 'invoice', description: 'A stored template; excludes content' })
  @IsOptional()
  @Matches(TEMPLATE_KEY, { message: 'must be a template key (lowercase letters, digits and -)' })
  template?: string;

  @ApiPropertyOptional({ example: 2, description: 'A version of template, drafts included; default: the published version' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ type: TemplateContentDto, description: 'Unsaved content, as POST /v1/templates/{key}/versions accepts it; excludes template' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TemplateContentDto)
  content?: TemplateContentDto;

  @ApiPropertyOptional({
    example: 'ar-sa',
    description: "One of the content's samples; default (without data): the first sample in locale, else the first sample",
  })
  @IsOptional()
  @Matches(SAMPLE_NAME, { message: 'must be a sample name (lowercase letters, digits and -)' })
  sample?: string;

  @ApiPropertyOptional({ example: 'ar-SA', description: "BCP 47; required with data, otherwise overrides the sample's" })
  @IsOptional()
  @Matches(LOCALE, { message: 'must be a BCP 47 locale such as en-US, ar-SA or zh-CN' })
  locale?: string;

  @ApiPropertyOptional({ type: RecipientDto, description: "Required with data, otherwise overrides the sample's" })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecipientDto)
  recipient?: RecipientDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "Document data, validated against the content's data contract (422 with pointers, as for POST /v1/documents)",
  })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'INV-2026-000123', description: "Shown where a document's reference would be (the PDF title)" })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @SingleLine()
  externalRef?: string;

  @ApiPropertyOptional({ enum: CHANNELS, isArray: true, description: 'Default: every channel the content has' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @ArrayMaxSize(CHANNELS.length)
  @IsIn(CHANNELS, { each: true })
  channels?: Channel[];

  @ApiPropertyOptional({ description: "Also return the PDF's first page as a base64 PNG (pdf.firstPagePng), for viewers that cannot show a PDF" })
  @IsOptional()
  @IsBoolean()
  pdfPageImage?: boolean;
}

/** The use case's input: content as plain JSON, since its hash must not depend on a class. */
export function toPreviewRequest(body: PreviewRequestDto): PreviewRequest {
  return { ...body, content: body.content && (JSON.parse(JSON.stringify(body.content)) as TemplateContent) };
}
