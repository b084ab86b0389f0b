import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { describeProblem, unwrap } from '../api/problem';
import type { AuditEntry, TemplateView, VersionDiff, VersionView } from '../api/views';
import { hasRole, useSession } from '../auth/session';
import { FindingsList } from '../components/FindingsList';
import { ReviewDecision } from '../components/ReviewDecision';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';

function DiffText({ diff, label }: { diff: string; label: string }) {
  // Focusable, so keyboard users can scroll a long diff too.
  return (
    <pre className="diff" tabIndex={0} aria-label={label}>
      {diff.split('\n').map((line, index) => (
        <span key={index} className={line.startsWith('+') && !line.startsWith('+++') ? 'add' : line.startsWith('-') && !line.startsWith('---') ? 'del' : ''}>
          {line}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

/** The version against which a reviewer reads a change: what it was drafted from, else what documents use now, else itself. */
function baseOf(version: VersionView, template: TemplateView): number {
  return version.basedOn ?? (template.publishedVersion && template.publishedVersion !== version.number ? template.publishedVersion : version.number);
}

export function ReviewPage({ templateKey, number }: { templateKey: string; number: number }) {
  const { t } = useI18n();
  const { user } = useSession();
  const [version, setVersion] = useState<VersionView | null>(null);
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = { key: templateKey, n: String(number) };

  const load = useCallback(async () => {
    const [versions, template] = await Promise.all([
      unwrap<VersionView[]>(api.GET('/v1/templates/{key}/versions', { params: { path: { key: templateKey } } } as never)),
      unwrap<TemplateView>(api.GET('/v1/templates/{key}', { params: { path: { key: templateKey } } } as never)),
    ]);
    const found = versions.find((v) => v.number === number) ?? null;
    setVersion(found);
    if (!found) return;
    const a = baseOf(found, template);
    const [changes, trail] = await Promise.all([
      unwrap<VersionDiff>(api.GET('/v1/templates/{key}/versions/{a}/diff/{b}', { params: { path: { key: templateKey, a: String(a), b: String(number) } } } as never)),
      unwrap<AuditEntry[]>(api.GET('/v1/audit', { params: { query: { subjectType: 'template_version', subjectId: `${templateKey}@${number}` } } } as never)).catch(() => []),
    ]);
    setDiff(changes);
    setAudit(trail);
  }, [templateKey, number]);

  useEffect(() => {
    load().catch((e) => setError(describeProblem(e)));
  }, [load]);

  const act = (action: 'approve' | 'reject' | 'publish') => async () => {
    setMessage(null);
    try {
      const body = action === 'publish' ? {} : { comment: comment || undefined };
      const route = `/v1/templates/{key}/versions/{n}/${action}` as const;
      const updated = await unwrap<VersionView>(api.POST(route, { params: { path }, body } as never));
      setVersion(updated);
      setMessage({ kind: 'ok', text: t(`review.done.${action}`) });
      load().catch(() => undefined);
    } catch (failure) {
      setMessage({ kind: 'error', text: describeProblem(failure) });
    }
  };

  if (error) return <p role="alert" className="channel-error">{error}</p>;
  if (!version) return <p aria-busy="true">{t('common.loading')}</p>;
  const ownVersion = !!user?.identityId && version.author === user.identityId;
  const reviewer = hasRole(user, 'reviewer');

  return (
    <div className="review-page">
      <div className="page-head">
        <h1>
          {templateKey} <span className="muted">· {t('editor.version', { n: number })}</span>{' '}
          <span className={`status status-${version.status}`} data-testid="version-status">
            {t(`status.${version.status}`)}
          </span>
        </h1>
        <Link to={`/templates/${templateKey}/versions/${number}`}>{t('review.openSource')}</Link>
      </div>
      {reviewer ? (
        <ReviewDecision
          titleId="decision-title"
          status={version.status}
          ownVersion={ownVersion}
          comment={comment}
          onCommentChange={setComment}
          onDecide={act}
        >
          {message ? (
            <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'channel-error' : 'ok'} data-testid="review-message">
              {message.text}
            </p>
          ) : null}
        </ReviewDecision>
      ) : null}
      <FindingsList findings={version.lintFindings} />
      {diff ? (
        <>
          <section aria-labelledby="rendered-title">
            <h2 id="rendered-title">{t('review.rendered', { a: diff.a.number, b: diff.b.number, sample: diff.sample?.name ?? '—' })}</h2>
            {diff.rendered.map((channel) => (
              <div key={channel.channel} className="rendered-channel" data-testid={`rendered-${channel.channel}`}>
                <h3>{t(`channel.${channel.channel}`)}</h3>
                <div className="side-by-side">
                  {(['a', 'b'] as const).map((side) => (
                    <figure key={side}>
                      <figcaption>{t('review.side', { n: diff[side].number })}</figcaption>
                      {channel[side].error ? <p className="channel-error">{channel[side].error!.message}</p> : null}
                      {channel[side].png ? (
                        <div className="rendered-image" tabIndex={0} role="region" aria-label={t('review.renderedAlt', { channel: t(`channel.${channel.channel}`), n: diff[side].number })}>
                          <img src={`data:image/png;base64,${channel[side].png}`} alt={t('review.renderedAlt', { channel: t(`channel.${channel.channel}`), n: diff[side].number })} />
                        </div>
                      ) : (
                        <pre className="rendered-text" tabIndex={0}>
                          {channel[side].text}
                        </pre>
                      )}
                    </figure>
                  ))}
                </div>
                {channel.textDiff ? <DiffText diff={channel.textDiff} label={t('review.textDiff', { channel: t(`channel.${channel.channel}`) })} /> : <p className="muted small">{t('review.sameText')}</p>}
              </div>
            ))}
          </section>
          <section aria-labelledby="sources-diff-title">
            <h2 id="sources-diff-title">{t('review.sources', { count: diff.sources.length })}</h2>
            {diff.sources.map((change) => (
              <details key={change.pointer} open={diff.sources.length <= 6}>
                <summary>
                  <code>{change.pointer}</code> <span className="muted">{change.change}</span>
                </summary>
                <DiffText diff={change.diff} label={change.pointer} />
              </details>
            ))}
          </section>
        </>
      ) : (
        <p aria-busy="true">{t('review.rendering')}</p>
      )}
      <section aria-labelledby="audit-title">
        <h2 id="audit-title">{t('review.audit')}</h2>
        {audit.length === 0 ? (
          <p className="muted">{t('review.noAudit')}</p>
        ) : (
          <ol className="audit">
            {audit.map((entry) => (
              <li key={entry.id}>
                <time dateTime={entry.occurredAt}>{new Date(entry.occurredAt).toLocaleString()}</time> <strong>{entry.action}</strong> <span className="muted">{entry.actor}</span>
                {typeof entry.details.comment === 'string' ? <q>{entry.details.comment}</q> : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
