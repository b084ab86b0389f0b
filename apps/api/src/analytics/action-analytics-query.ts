import { BadRequestException } from '@nestjs/common';
import type { AnalyticsFilter } from '@app/landing';

const KNOWN = new Set(['documentId', 'templateKey', 'version', 'since']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `GET /v1/analytics/actions`'s query, read strictly: exactly one of
 * `documentId` and `templateKey`; `version` only with a template; an unknown or
 * malformed parameter is a 400 naming it.
 */
export function analyticsFilterOf(query: Record<string, unknown>): AnalyticsFilter {
  const problems: string[] = [];
  for (const key of Object.keys(query)) if (!KNOWN.has(key)) problems.push(`${key} is not a known parameter`);
  const one = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      problems.push(`${name} must be given once`);
      return undefined;
    }
    return value;
  };
  const documentId = one('documentId');
  const templateKey = one('templateKey');
  const versionText = one('version');
  const sinceText = one('since');
  if (documentId !== undefined && !UUID.test(documentId)) problems.push('documentId must be a document id (a UUID)');
  if (templateKey !== undefined && !/^[a-z0-9][a-z0-9._-]{0,99}$/.test(templateKey)) problems.push('templateKey must be a template key');
  if ((documentId === undefined) === (templateKey === undefined)) problems.push('give exactly one of documentId and templateKey');
  const version = versionText === undefined ? undefined : Number(versionText);
  if (versionText !== undefined && (!/^\d{1,9}$/.test(versionText) || version! < 1)) problems.push('version must be a positive integer');
  if (versionText !== undefined && templateKey === undefined) problems.push('version needs templateKey');
  const since = sinceText === undefined ? undefined : new Date(sinceText);
  if (sinceText !== undefined && (!/^\d{4}-\d{2}-\d{2}(T|$)/.test(sinceText) || Number.isNaN(since!.getTime()))) problems.push('since must be an ISO 8601 date or instant');
  if (problems.length) throw new BadRequestException(problems.join('; '));
  return { documentId: documentId?.toLowerCase(), templateKey, version, since };
}
