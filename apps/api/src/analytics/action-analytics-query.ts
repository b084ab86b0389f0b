import type { AnalyticsFilter } from '@app/landing';
import { StrictQuery } from '../http/strict-query';

const KNOWN = ['documentId', 'templateKey', 'version', 'since'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `GET /v1/analytics/actions`'s query, read strictly: exactly one of
 * `documentId` and `templateKey`; `version` only with a template; an unknown or
 * malformed parameter is a 400 naming it.
 */
export function analyticsFilterOf(query: Record<string, unknown>): AnalyticsFilter {
  const q = new StrictQuery(query, KNOWN);
  const documentId = q.one('documentId');
  const templateKey = q.one('templateKey');
  const versionText = q.one('version');
  const sinceText = q.one('since');
  if (documentId !== undefined && !UUID.test(documentId)) q.problem('documentId must be a document id (a UUID)');
  if (templateKey !== undefined && !/^[a-z0-9][a-z0-9._-]{0,99}$/.test(templateKey)) q.problem('templateKey must be a template key');
  if ((documentId === undefined) === (templateKey === undefined)) q.problem('give exactly one of documentId and templateKey');
  const version = versionText === undefined ? undefined : Number(versionText);
  if (versionText !== undefined && (!/^\d{1,9}$/.test(versionText) || version! < 1)) q.problem('version must be a positive integer');
  if (versionText !== undefined && templateKey === undefined) q.problem('version needs templateKey');
  const since = sinceText === undefined ? undefined : new Date(sinceText);
  if (sinceText !== undefined && (!/^\d{4}-\d{2}-\d{2}(T|$)/.test(sinceText) || Number.isNaN(since!.getTime()))) q.problem('since must be an ISO 8601 date or instant');
  q.done();
  return { documentId: documentId?.toLowerCase(), templateKey, version, since };
}
