import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
import { describeProblem, unwrap } from '../api/problem';
import type { SampleDocument, TemplateContent, VersionView } from '../api/views';
import { hasRole, useSession } from '../auth/session';
import { CodeEditor } from '../components/CodeEditor';
import { FindingsList } from '../components/FindingsList';
import { useI18n } from '../i18n/i18n';
import { ChannelPreviews } from '../previews/ChannelPreviews';
import { Link, navigate } from '../router';
import { diagnosticsFor, sourcesOf } from './editor-sources';
import { useLivePreview, type PreviewData } from './use-live-preview';

const CUSTOM = '__custom__';

export function EditorPage({ templateKey, number }: { templateKey: string; number: number }) {
  const { t } = useI18n();
  const { user } = useSession();
  const [content, setContent] = useState<TemplateContent | null>(null);
  const [version, setVersion] = useState<VersionView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [activeId, setActiveId] = useState<string>('sms-text');
  const [jsonErrors, setJsonErrors] = useState<Record<string, string>>({});
  const [sampleName, setSampleName] = useState<string>('');
  const [localeOverride, setLocaleOverride] = useState<string>('');
  const [customText, setCustomText] = useState<string>('');
  const [custom, setCustom] = useState<SampleDocument | null>(null);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    (async () => {
      const [stored, versions] = await Promise.all([
        unwrap<TemplateContent>(api.GET('/v1/templates/{key}/versions/{n}', { params: { path: { key: templateKey, n: String(number) } } } as never)),
        unwrap<VersionView[]>(api.GET('/v1/templates/{key}/versions', { params: { path: { key: templateKey } } } as never)),
      ]);
      if (!live) return;
      setContent(stored);
      setVersion(versions.find((v) => v.number === number) ?? null);
      const first = Object.keys(stored.samples ?? {})[0] ?? '';
      setSampleName(first);
    })().catch((error) => live && setLoadError(describeProblem(error)));
    return () => {
      live = false;
    };
  }, [templateKey, number]);

  const sources = useMemo(() => (content ? sourcesOf(content) : []), [content === null]); // eslint-disable-line react-hooks/exhaustive-deps
  const active = sources.find((s) => s.id === activeId) ?? sources[0];
  const editable = version?.status === 'draft' && hasRole(user, 'author', 'marketer');

  const previewData = useMemo<PreviewData | null>(() => {
    if (sampleName === CUSTOM) return custom ? { custom } : null;
    if (!sampleName) return null;
    return { sample: sampleName, locale: localeOverride || undefined };
  }, [sampleName, localeOverride, custom]);
  const preview = useLivePreview(content, previewData);
  const findings = useMemo(() => (version && version.status !== 'draft' ? version.lintFindings : preview.findings), [version, preview.findings]);

  if (loadError) return <p role="alert" className="channel-error">{loadError}</p>;
  if (!content || !active) return <p aria-busy="true">{t('common.loading')}</p>;

  const edit = (text: string) => {
    try {
      setContent((current) => (current ? active.write(current, text) : current));
      setJsonErrors(({ [active.id]: _gone, ...rest }) => rest);
    } catch (error) {
      setJsonErrors((errors) => ({ ...errors, [active.id]: (error as Error).message }));
    }
  };

  const pickSample = (name: string) => {
    setSampleName(name);
    if (name === CUSTOM) {
      const base = content.samples?.[Object.keys(content.samples ?? {})[0]];
      const text = JSON.stringify(base ?? { locale: content.defaultLocale, recipient: {}, data: {} }, null, 2);
      setCustomText(text);
      setCustom(JSON.parse(text) as SampleDocument);
    }
  };

  const editCustom = (text: string) => {
    setCustomText(text);
    try {
      setCustom(JSON.parse(text) as SampleDocument);
    } catch {
      /* keep the last data that parsed; the JSON editor shows where it breaks */
    }
  };

  const save = async (): Promise<boolean> => {
    setSaving(true);
    try {
      const saved = await unwrap<VersionView>(
        api.PUT('/v1/templates/{key}/versions/{n}', { params: { path: { key: templateKey, n: String(number) } }, body: content as never } as never),
      );
      setVersion(saved);
      setStatus({ kind: 'ok', text: t('editor.saved') });
      return true;
    } catch (error) {
      setStatus({ kind: 'error', text: describeProblem(error) });
      return false;
    } finally {
      setSaving(false);
    }
  };

  const submit = async () => {
    if (!(await save())) return;
    try {
      const submitted = await unwrap<VersionView>(api.POST('/v1/templates/{key}/versions/{n}/submit', { params: { path: { key: templateKey, n: String(number) } } } as never));
      setVersion(submitted);
      setStatus({ kind: 'ok', text: t('editor.submitted') });
    } catch (error) {
      setStatus({ kind: 'error', text: describeProblem(error) });
    }
  };

  const newDraft = async () => {
    try {
      const draft = await unwrap<VersionView>(
        api.POST('/v1/templates/{key}/versions', { params: { path: { key: templateKey }, query: { from: String(number) } }, body: content as never } as never),
      );
      navigate(`/templates/${templateKey}/versions/${draft.number}`);
      window.location.reload();
    } catch (error) {
      setStatus({ kind: 'error', text: describeProblem(error) });
    }
  };

  // The tab pattern: arrow keys (mirrored right to left), Home and End move between sources.
  const moveBetweenTabs = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const rtl = document.documentElement.dir === 'rtl';
    const at = sources.findIndex((s) => s.id === active.id);
    const step: Record<string, number> = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 };
    const next =
      event.key === 'Home' ? 0 : event.key === 'End' ? sources.length - 1 : event.key in step ? (at + step[event.key] + sources.length) % sources.length : -1;
    if (next < 0) return;
    event.preventDefault();
    setActiveId(sources[next].id);
    document.getElementById(`tab-${sources[next].id}`)?.focus();
  };

  const diagnostics = [
    ...diagnosticsFor(active, findings),
    ...(jsonErrors[active.id] ? [{ severity: 'error' as const, message: jsonErrors[active.id] }] : []),
  ];
  const samples = Object.keys(content.samples ?? {});

  return (
    <div className="editor-page">
      <div className="page-head">
        <h1>
          {content.name} <span className="muted">· {t('editor.version', { n: number })}</span>{' '}
          {version ? <span className={`status status-${version.status}`}>{t(`status.${version.status}`)}</span> : null}
        </h1>
        <div className="actions">
          {editable ? (
            <>
              <button type="button" onClick={save} disabled={saving}>
                {t('editor.save')}
              </button>
              <button type="button" className="primary" onClick={submit} disabled={saving}>
                {t('editor.submit')}
              </button>
            </>
          ) : hasRole(user, 'author', 'marketer') ? (
            <button type="button" onClick={newDraft}>
              {t('editor.newDraft')}
            </button>
          ) : null}
          {version && version.status !== 'draft' ? <Link to={`/reviews/${templateKey}/${number}`}>{t('editor.toReview')}</Link> : null}
        </div>
      </div>
      {status ? (
        <p role={status.kind === 'error' ? 'alert' : 'status'} className={status.kind === 'error' ? 'channel-error' : 'ok'} data-testid="editor-status">
          {status.text}
        </p>
      ) : null}
      <div className="editor-layout">
        <section className="sources" aria-labelledby="sources-title">
          <h2 id="sources-title" className="visually-hidden">
            {t('editor.sources')}
          </h2>
          <div role="tablist" aria-label={t('editor.sources')} className="tabs" onKeyDown={moveBetweenTabs}>
            {sources.map((source) => (
              <button
                key={source.id}
                type="button"
                role="tab"
                id={`tab-${source.id}`}
                aria-selected={source.id === active.id}
                tabIndex={source.id === active.id ? 0 : -1}
                aria-controls="source-panel"
                onClick={() => setActiveId(source.id)}
              >
                {t(source.label.key, source.label.values)}
                {diagnosticsFor(source, findings).some((d) => d.severity === 'error') ? <span className="dot" aria-label={t('editor.hasErrors')} /> : null}
              </button>
            ))}
          </div>
          <div role="tabpanel" id="source-panel" aria-labelledby={`tab-${active.id}`} data-testid={`source-${active.id}`}>
            <CodeEditor
              key={active.id}
              value={active.read(content)}
              language={active.language}
              label={t(active.label.key, active.label.values)}
              readOnly={!editable}
              diagnostics={diagnostics}
              onChange={edit}
            />
          </div>
          <div className="data-picker">
            <label>
              {t('editor.sample')}{' '}
              <select value={sampleName} onChange={(e) => pickSample(e.target.value)}>
                {samples.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
                <option value={CUSTOM}>{t('editor.customData')}</option>
              </select>
            </label>{' '}
            {sampleName !== CUSTOM ? (
              <label>
                {t('editor.locale')}{' '}
                <select value={localeOverride} onChange={(e) => setLocaleOverride(e.target.value)} data-testid="locale-select">
                  <option value="">{t('editor.sampleLocale')}</option>
                  {content.locales.map((locale) => (
                    <option key={locale} value={locale}>
                      {locale}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <CodeEditor key="custom-data" value={customText} language="json" label={t('editor.customData')} diagnostics={[]} onChange={editCustom} />
            )}
          </div>
          <FindingsList findings={findings} />
          {preview.error ? (
            <p role="alert" className="channel-error">
              {preview.error}
            </p>
          ) : null}
        </section>
        <ChannelPreviews result={preview.result} content={content} busy={preview.busy} />
      </div>
    </div>
  );
}
