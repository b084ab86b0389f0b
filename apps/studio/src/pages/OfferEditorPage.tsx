import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client';
import { describeProblem, unwrap } from '../api/problem';
import { hasRole, useSession } from '../auth/session';
import { CodeEditor } from '../components/CodeEditor';
import { FindingsList } from '../components/FindingsList';
import { ReviewDecision } from '../components/ReviewDecision';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { COMMON_FIELDS, condition, OPERATORS, withCondition, type Operator } from '../offers/eligibility-builder';
import { OFFER_LANGUAGES, type OfferContent, type OfferLanguage, type OfferPreview, type OfferText, type OfferVersion } from '../offers/offer-views';
import { Link } from '../router';


/** A success is kept as its message key, so it follows a change of language; an error is the platform's own words. */
type Message = { kind: 'ok'; key: MessageKey } | { kind: 'error'; text: string } | null;

/** First-strong isolation around a value put into a sentence, so a Latin key reads whole inside Arabic. */
const isolate = (value: string | number) => `\u2068${value}\u2069`;

/** The field, operator and value of the common conditions, written into the rule as JSON Logic. */
function RuleBuilder({ onAdd, disabled }: { onAdd: (added: Record<string, unknown>) => void; disabled: boolean }) {
  const { t } = useI18n();
  const [field, setField] = useState<string>(COMMON_FIELDS[0]);
  const [operator, setOperator] = useState<Operator>('==');
  const [value, setValue] = useState('');
  return (
    <fieldset className="rule-builder" disabled={disabled}>
      <legend>{t('offerEditor.addCondition')}</legend>
      <label>
        {t('offerEditor.field')}
        <input list="offer-fields" value={field} onChange={(e) => setField(e.target.value)} dir="ltr" />
        <datalist id="offer-fields">
          {COMMON_FIELDS.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
      </label>
      <label>
        {t('offerEditor.operator')}
        <select value={operator} onChange={(e) => setOperator(e.target.value as Operator)} dir="ltr">
          {OPERATORS.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('offerEditor.value')}
        <input value={value} onChange={(e) => setValue(e.target.value)} dir="auto" placeholder={operator === 'in' ? 'a, b, c' : ''} />
      </label>
      <button type="button" onClick={() => onAdd(condition(field.trim(), operator, value))} disabled={!field.trim() || !value.trim()}>
        {t('offerEditor.add')}
      </button>
    </fieldset>
  );
}

/** The offer inside the template's sample invoice: its email in a sandboxed frame, its PDF as an image or a file. */
function PreviewPane({ preview }: { preview: OfferPreview }) {
  const { t } = useI18n();
  const pdfUrl = useMemo(() => {
    const bytes = Uint8Array.from(atob(preview.pdf.pdfBase64), (c) => c.charCodeAt(0));
    return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  }, [preview]);
  useEffect(() => () => URL.revokeObjectURL(pdfUrl), [pdfUrl]);
  return (
    <section aria-labelledby="offer-preview-title" data-testid="offer-preview">
      <h2 id="offer-preview-title">{t('offerEditor.previewTitle', { template: isolate(`${preview.template.key} v${preview.template.version}`), sample: isolate(preview.sample) })}</h2>
      <p className={preview.eligibility.eligible ? 'ok' : 'muted'}>
        {t(preview.eligibility.eligible ? 'offerEditor.eligible' : 'offerEditor.notEligible')} <bdi dir="ltr">{preview.eligibility.summary}</bdi>
      </p>
      <p className="muted small">{t('offerEditor.slot', { slot: isolate(preview.slot ?? '—'), arm: isolate(preview.arm) })}</p>
      <h3>{t('channel.email')}</h3>
      <p className="small">
        {t('preview.subject')} <bdi>{preview.email.subject}</bdi>
      </p>
      <iframe className="email-frame" title={t('offerEditor.emailFrame')} sandbox="" srcDoc={preview.email.html} />
      <h3>{t('channel.pdf')}</h3>
      {preview.pdf.firstPagePng ? <img className="pdf-page" src={`data:image/png;base64,${preview.pdf.firstPagePng}`} alt={t('offerEditor.pdfImage')} /> : null}
      <p>
        <a href={pdfUrl} target="_blank" rel="noreferrer" download={`offer-preview-${preview.template.key}.pdf`}>
          {t('offerEditor.pdfLink', { pages: preview.pdf.pages })}
        </a>
      </p>
    </section>
  );
}

function TextsEditor({ texts, onChange, readOnly }: { texts: Record<OfferLanguage, OfferText>; onChange: (texts: Record<OfferLanguage, OfferText>) => void; readOnly: boolean }) {
  const { t } = useI18n();
  return (
    <div className="offer-texts">
      {OFFER_LANGUAGES.map((language) => (
        <fieldset key={language} lang={language} dir={language === 'ar' ? 'rtl' : 'ltr'} disabled={readOnly}>
          <legend>{t(`offerEditor.language.${language}`)}</legend>
          {(['title', 'body', 'ctaLabel'] as const).map((part) => (
            <label key={part} className="stack">
              {t(`offerEditor.${part}`)}
              {part === 'body' ? (
                <textarea rows={3} value={texts[language][part]} onChange={(e) => onChange({ ...texts, [language]: { ...texts[language], [part]: e.target.value } })} />
              ) : (
                <input value={texts[language][part]} onChange={(e) => onChange({ ...texts, [language]: { ...texts[language], [part]: e.target.value } })} />
              )}
            </label>
          ))}
        </fieldset>
      ))}
    </div>
  );
}

/**
 * One offer version: a marketer edits their draft (texts per language, call to
 * action, validity, priority, slots, the email and PDF fragments, the rule),
 * sees it inside a real invoice and submits it; a reviewer approves or rejects
 * it and publishes it. Nobody approves their own version.
 */
export function OfferEditorPage({ offerKey, number }: { offerKey: string; number: number }) {
  const { t } = useI18n();
  const { user } = useSession();
  const [version, setVersion] = useState<OfferVersion | null>(null);
  const [content, setContent] = useState<OfferContent | null>(null);
  const [ruleText, setRuleText] = useState('');
  const [ruleProblem, setRuleProblem] = useState<string | null>(null);
  const [ruleEditorKey, setRuleEditorKey] = useState(0);
  const [preview, setPreview] = useState<OfferPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  // Only the latest preview asked for is shown: an earlier answer arriving late must not replace it.
  const latestPreview = useRef(0);
  const [samples, setSamples] = useState<string[]>([]);
  const [sample, setSample] = useState<string | undefined>(undefined);
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const [error, setError] = useState<string | null>(null);
  const path = { key: offerKey, n: String(number) };

  const load = useCallback(async () => {
    const found = await unwrap<OfferVersion>(api.GET('/v1/offers/{key}/versions/{n}', { params: { path: { key: offerKey, n: String(number) } } } as never));
    setVersion(found);
    setContent(found.content);
    setRuleText(JSON.stringify(found.content.eligibility, null, 2));
    setRuleEditorKey((k) => k + 1);
    return found;
  }, [offerKey, number]);
  useEffect(() => {
    load().catch((e) => setError(describeProblem(e)));
  }, [load]);

  const kind = version?.content.kind;
  const loadSamples = useCallback(async () => {
    if (!kind) return;
    // The samples of the published template of the offer's kind: the invoices it can be previewed in.
    const template = await unwrap<{ publishedVersion: number | null }>(api.GET('/v1/templates/{key}', { params: { path: { key: kind } } } as never));
    if (template.publishedVersion === null) return;
    const published = await unwrap<{ samples?: Record<string, unknown> }>(
      api.GET('/v1/templates/{key}/versions/{n}', { params: { path: { key: kind, n: String(template.publishedVersion) } } } as never),
    );
    setSamples(Object.keys(published.samples ?? {}));
  }, [kind]);
  useEffect(() => {
    loadSamples().catch((e) => setMessage({ kind: 'error', text: describeProblem(e) }));
  }, [loadSamples]);

  const showPreview = useCallback(async () => {
    const asked = ++latestPreview.current;
    setPreviewing(true);
    try {
      const query = sample ? { sample } : {};
      const answer = await unwrap<OfferPreview>(api.GET('/v1/offers/{key}/versions/{n}/preview', { params: { path: { key: offerKey, n: String(number) }, query } } as never));
      if (asked === latestPreview.current) setPreview(answer);
    } catch (failure) {
      if (asked === latestPreview.current) setMessage({ kind: 'error', text: describeProblem(failure) });
    } finally {
      if (asked === latestPreview.current) setPreviewing(false);
    }
  }, [offerKey, number, sample]);
  useEffect(() => {
    void showPreview();
  }, [showPreview]);

  if (error) return <p role="alert" className="channel-error">{error}</p>;
  if (!version || !content) return <p aria-busy="true">{t('common.loading')}</p>;

  const own = !!user?.identityId && version.author === user.identityId;
  const editable = version.status === 'draft' && hasRole(user, 'marketer') && own;
  const reviewer = hasRole(user, 'reviewer');
  const change = (next: Partial<OfferContent>) => setContent({ ...content, ...next });
  const setRule = (text: string) => {
    setRuleText(text);
    try {
      change({ eligibility: JSON.parse(text) as unknown });
      setRuleProblem(null);
    } catch (failure) {
      setRuleProblem(failure instanceof Error ? failure.message : String(failure));
    }
  };
  const addCondition = (added: Record<string, unknown>) => {
    const rule = withCondition(content.eligibility, added);
    change({ eligibility: rule });
    setRuleText(JSON.stringify(rule, null, 2));
    setRuleProblem(null);
    setRuleEditorKey((k) => k + 1);
  };

  const save = async (): Promise<boolean> => {
    setMessage(null);
    if (ruleProblem) {
      setMessage({ kind: 'error', text: t('offerEditor.ruleNotJson') });
      return false;
    }
    try {
      setVersion(await unwrap<OfferVersion>(api.PUT('/v1/offers/{key}/versions/{n}', { params: { path }, body: content } as never)));
      setMessage({ kind: 'ok', key: 'editor.saved' });
      return true;
    } catch (failure) {
      setMessage({ kind: 'error', text: describeProblem(failure) });
      return false;
    }
  };
  const saveAndPreview = async () => {
    if (await save()) await showPreview();
  };
  const act = (action: 'submit' | 'approve' | 'reject' | 'publish') => async () => {
    setMessage(null);
    if (action === 'submit' && !(await save())) return;
    try {
      const body = action === 'approve' || action === 'reject' ? { comment: comment || undefined } : undefined;
      const route = `/v1/offers/{key}/versions/{n}/${action}` as const;
      setVersion(await unwrap<OfferVersion>(api.POST(route, { params: { path }, body } as never)));
      setMessage({ kind: 'ok', key: `offerEditor.done.${action}` });
    } catch (failure) {
      setMessage({ kind: 'error', text: describeProblem(failure) });
    }
  };

  return (
    <div className="offer-editor">
      <div className="page-head">
        <h1>
          {offerKey} <span className="muted">· {t('editor.version', { n: number })}</span>{' '}
          <span className={`status status-${version.status}`} data-testid="version-status">
            {t(`status.${version.status}`)}
          </span>
        </h1>
        <Link to="/offers">{t('offerEditor.back')}</Link>
      </div>
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'channel-error' : 'ok'} data-testid="offer-message">
          {message.kind === 'ok' ? t(message.key) : message.text}
        </p>
      ) : null}
      {version.reviewComment ? (
        <p className="muted">
          {t('offerEditor.reviewComment')} <q>{version.reviewComment}</q>
        </p>
      ) : null}
      <FindingsList findings={version.lintFindings} />
      <div className="offer-layout">
        <form className="offer-form" onSubmit={(e) => e.preventDefault()} aria-label={t('offerEditor.content')}>
          <h2>{t('offerEditor.texts')}</h2>
          <TextsEditor texts={content.texts} onChange={(texts) => change({ texts })} readOnly={!editable} />
          <h2>{t('offerEditor.settings')}</h2>
          <fieldset className="offer-settings" disabled={!editable}>
            <legend className="visually-hidden">{t('offerEditor.settings')}</legend>
            <label>
              {t('offerEditor.ctaType')}
              <select value={content.cta.type} onChange={(e) => change({ cta: e.target.value === 'url' ? { type: 'url', url: 'https://' } : { type: 'ask' } })}>
                <option value="url">{t('offerEditor.ctaUrlOption')}</option>
                <option value="ask">{t('offerEditor.ctaAskOption')}</option>
              </select>
            </label>
            {content.cta.type === 'url' ? (
              <label>
                {t('offerEditor.ctaUrl')}
                <input type="url" dir="ltr" value={content.cta.url} onChange={(e) => change({ cta: { type: 'url', url: e.target.value } })} />
              </label>
            ) : null}
            <label>
              {t('offerEditor.validFrom')}
              <input dir="ltr" value={content.validFrom} onChange={(e) => change({ validFrom: e.target.value })} />
            </label>
            <label>
              {t('offerEditor.validUntil')}
              <input dir="ltr" value={content.validUntil} onChange={(e) => change({ validUntil: e.target.value })} />
            </label>
            <label>
              {t('offerEditor.priority')}
              <input type="number" value={content.priority} onChange={(e) => change({ priority: Number(e.target.value) })} />
            </label>
            <label>
              {t('offerEditor.frequencyCap')}
              <input type="number" min={1} value={content.frequencyCap} onChange={(e) => change({ frequencyCap: Number(e.target.value) })} />
            </label>
            <label>
              {t('offerEditor.slots')}
              <input
                dir="ltr"
                value={content.slots.join(', ')}
                onChange={(e) =>
                  change({
                    slots: e.target.value
                      .split(',')
                      .map((s) => s.trim())
                      .filter(Boolean),
                  })
                }
              />
            </label>
          </fieldset>
          <h2>{t('offerEditor.fragments')}</h2>
          <p className="muted small">{t('offerEditor.placeholders')}</p>
          <h3>{t('offerEditor.emailFragment')}</h3>
          <CodeEditor
            key={`email-${ruleEditorKey}`}
            value={content.channels.email.mjml}
            language="html"
            label={t('offerEditor.emailFragment')}
            readOnly={!editable}
            diagnostics={[]}
            onChange={(mjml) => change({ channels: { ...content.channels, email: { mjml } } })}
          />
          <h3>{t('offerEditor.pdfFragment')}</h3>
          <CodeEditor
            key={`pdf-${ruleEditorKey}`}
            value={content.channels.pdf.html}
            language="html"
            label={t('offerEditor.pdfFragment')}
            readOnly={!editable}
            diagnostics={[]}
            onChange={(html) => change({ channels: { ...content.channels, pdf: { html } } })}
          />
          <h2>{t('offerEditor.eligibility')}</h2>
          <p className="muted small">{t('offerEditor.eligibilityHelp')}</p>
          <RuleBuilder onAdd={addCondition} disabled={!editable} />
          <CodeEditor
            key={`rule-${ruleEditorKey}`}
            value={ruleText}
            language="json"
            label={t('offerEditor.eligibility')}
            readOnly={!editable}
            diagnostics={ruleProblem ? [{ severity: 'error', message: ruleProblem }] : []}
            onChange={setRule}
          />
          {ruleProblem ? (
            <p role="alert" className="channel-error small">
              {t('offerEditor.ruleNotJson')}
            </p>
          ) : null}
          {editable ? (
            <div className="actions">
              <button type="button" onClick={() => void save()}>
                {t('editor.save')}
              </button>
              <button type="button" onClick={() => void saveAndPreview()}>
                {t('offerEditor.saveAndPreview')}
              </button>
              <button type="button" className="primary" onClick={act('submit')}>
                {t('editor.submit')}
              </button>
            </div>
          ) : null}
          {reviewer ? (
            <ReviewDecision
              titleId="offer-decision-title"
              status={version.status}
              ownVersion={own}
              comment={comment}
              onCommentChange={setComment}
              onDecide={act}
            >
              {version.status !== 'in_review' && version.status !== 'approved' ? <p className="muted">{t('offerEditor.nothingToDecide')}</p> : null}
            </ReviewDecision>
          ) : null}
        </form>
        <div className="offer-preview" aria-busy={previewing}>
          {samples.length > 1 ? (
            <label className="stack">
              {t('offerEditor.sample')}
              <select value={sample ?? preview?.sample ?? ''} onChange={(e) => setSample(e.target.value)} dir="ltr">
                {samples.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {preview ? <PreviewPane preview={preview} /> : <p aria-busy="true">{t('offerEditor.previewing')}</p>}
        </div>
      </div>
    </div>
  );
}
