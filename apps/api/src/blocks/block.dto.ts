import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { BlockContent, BlockSources } from '@app/contracts';

export class CreateBlockDto {
  @ApiProperty({ example: 'legal-footer', description: 'Included in templates as {{> legal-footer}}; lowercase letters, digits and single hyphens' })
  @Matches(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, { message: 'must be a block name (lowercase letters, digits and single hyphens)' })
  @Length(2, 63)
  name: string;

  @ApiPropertyOptional({ example: 'Legal name, address and registration, required in every invoice' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  description?: string;
}

/**
 * A block version's content: what `GET /v1/blocks/{name}/versions/{n}` returns
 * and this accepts. The nested structure is checked by the governance rules,
 * which report every problem by JSON pointer.
 */
export class BlockContentDto implements BlockContent {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Handlebars sources per format: mjml (email HTML part), html (PDF), text (text parts, SMS, WhatsApp); at least one',
    example: { html: '<footer>{{t "footer.legal"}}</footer>', text: '--\n{{t "footer.legal"}}' },
  })
  @IsObject()
  sources: BlockSources;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The block's own ICU catalogs: messages[language][key]; they win over a template's" })
  @IsObject()
  messages: Record<string, Record<string, string>>;
}
