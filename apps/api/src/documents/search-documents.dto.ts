import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { decodeDocumentCursor, DOCUMENT_STATUSES, DocumentSearch, DocumentStatus } from '@app/documents';
import { StrictQuery } from '../http/strict-query';

/** `GET /v1/documents`'s query, as OpenAPI describes it. */
export class SearchDocumentsQueryDto {
  @ApiPropertyOptional({ description: 'Exactly this external reference' })
  externalRef?: string;

  @ApiPropertyOptional({ description: "Exactly this recipient's customerId" })
  customerId?: string;

  @ApiPropertyOptional({ description: 'Exactly this document type (e.g. invoice)' })
  type?: string;

  @ApiPropertyOptional({ enum: DOCUMENT_STATUSES })
  status?: DocumentStatus;

  @ApiPropertyOptional({ description: '1 to 200, default 50' })
  limit?: string;

  @ApiPropertyOptional({ description: "The previous page's nextCursor" })
  cursor?: string;
}

class DocumentSummaryTemplateDto {
  @ApiProperty() key!: string;
  @ApiProperty() version!: number;
}

export class DocumentSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The whole document: renditions, deliveries, action links' }) href!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ enum: DOCUMENT_STATUSES }) status!: DocumentStatus;
  @ApiProperty() locale!: string;
  @ApiProperty({ type: String, nullable: true }) externalRef!: string | null;
  @ApiProperty({ type: String, nullable: true }) customerId!: string | null;
  @ApiProperty({ type: DocumentSummaryTemplateDto }) template!: DocumentSummaryTemplateDto;
  @ApiProperty({ type: [String] }) channels!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DocumentSearchPageDto {
  @ApiProperty({ type: [DocumentSummaryDto] }) items!: DocumentSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next (older) page; null on the last page' }) nextCursor!: string | null;
}

const KNOWN = ['externalRef', 'customerId', 'type', 'status', 'limit', 'cursor'];
const MAX_TEXT = 255;

/**
 * The query read strictly: an unknown or malformed parameter is a 400 naming
 * it, never an ignored filter that widens the answer.
 */
export function documentSearchOf(query: Record<string, unknown>): DocumentSearch {
  const q = new StrictQuery(query, KNOWN);
  const one = (name: string): string | undefined => {
    const value = q.one(name);
    if (value !== undefined && (value.length === 0 || value.length > MAX_TEXT || /[\u0000-\u001f\u007f]/.test(value))) {
      q.problem(`${name} must be 1 to ${MAX_TEXT} characters without control characters`);
      return undefined;
    }
    return value;
  };
  const externalRef = one('externalRef');
  const customerId = one('customerId');
  const type = one('type');
  const status = one('status');
  if (status !== undefined && !(DOCUMENT_STATUSES as readonly string[]).includes(status)) q.problem(`status must be one of ${DOCUMENT_STATUSES.join(', ')}`);
  const limitText = one('limit');
  const limit = limitText === undefined ? 50 : Number(limitText);
  if (!/^\d+$/.test(limitText ?? '50') || !Number.isInteger(limit) || limit < 1 || limit > 200) q.problem('limit must be an integer from 1 to 200');
  const cursor = one('cursor');
  if (cursor !== undefined && !isCursor(cursor)) q.problem('cursor is not one this API returned');
  q.done();
  return { externalRef, customerId, type, status: status as DocumentStatus | undefined, limit, cursor };
}

function isCursor(cursor: string): boolean {
  try {
    decodeDocumentCursor(cursor);
    return true;
  } catch {
    return false;
  }
}
