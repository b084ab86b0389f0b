import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { describeProblem, unwrap } from '../api/problem';
import type { TemplateView, VersionView } from '../api/views';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';

function Versions({ templateKey }: { templateKey: string }) {
  const { t } = useI18n();
  const [versions, setVersions] = useState<VersionView[] | null>(null);
  useEffect(() => {
    unwrap<VersionView[]>(api.GET('/v1/templates/{key}/versions', { params: { path: { key: templateKey } } } as never)).then(setVersions, () => setVersions([]));
  }, [templateKey]);
  if (!versions) return <span className="muted">{t('common.loading')}</span>;
  return (
    <ul className="inline-list">
      {versions.map((v) => (
        <li key={v.number}>
          <Link to={`/templates/${templateKey}/versions/${v.number}`}>
            v{v.number} <span className={`status status-${v.status}`}>{t(`status.${v.status}`)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function TemplatesPage() {
  const { t } = useI18n();
  const [templates, setTemplates] = useState<TemplateView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  useEffect(() => {
    unwrap<TemplateView[]>(api.GET('/v1/templates')).then(setTemplates, (e) => setError(describeProblem(e)));
  }, []);
  const needle = query.trim().toLowerCase();
  const shown = (templates ?? []).filter((tpl) => !needle || [tpl.key, tpl.name, tpl.kind, tpl.description].some((s) => s?.toLowerCase().includes(needle)));
  return (
    <>
      <h1>{t('templates.title')}</h1>
      <label className="search">
        {t('templates.search')} <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      {error ? (
        <p role="alert" className="channel-error">
          {error}
        </p>
      ) : null}
      {!templates ? <p>{t('common.loading')}</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('templates.key')}</th>
            <th scope="col">{t('templates.name')}</th>
            <th scope="col">{t('templates.published')}</th>
            <th scope="col">{t('templates.versions')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((tpl) => (
            <tr key={tpl.key}>
              <td>
                <code>{tpl.key}</code>
              </td>
              <td>{tpl.name}</td>
              <td>{tpl.publishedVersion ? `v${tpl.publishedVersion}` : '—'}</td>
              <td>
                <Versions templateKey={tpl.key} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
