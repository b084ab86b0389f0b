import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { describeProblem, unwrap } from '../api/problem';
import type { VersionView } from '../api/views';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';

export function ReviewQueuePage() {
  const { t } = useI18n();
  const [queue, setQueue] = useState<VersionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    unwrap<VersionView[]>(api.GET('/v1/reviews')).then(setQueue, (e) => setError(describeProblem(e)));
  }, []);
  return (
    <>
      <h1>{t('reviews.title')}</h1>
      {error ? (
        <p role="alert" className="channel-error">
          {error}
        </p>
      ) : null}
      {queue && queue.length === 0 ? <p>{t('reviews.empty')}</p> : null}
      {queue && queue.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('templates.key')}</th>
              <th scope="col">{t('reviews.version')}</th>
              <th scope="col">{t('reviews.submitted')}</th>
              <th scope="col">{t('reviews.warnings')}</th>
            </tr>
          </thead>
          <tbody>
            {queue.map((v) => (
              <tr key={`${v.key}@${v.number}`}>
                <td>
                  <Link to={`/reviews/${v.key}/${v.number}`}>{v.key}</Link>
                </td>
                <td>v{v.number}</td>
                <td>{v.submittedAt ? new Date(v.submittedAt).toLocaleString() : '—'}</td>
                <td>{v.lintFindings.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
