import { useEffect, useMemo } from 'react';
import { useI18n } from '../i18n/i18n';
import {
  isChannelError,
  type ChannelError,
  type EmailPreview,
  type PdfPreview,
  type PreviewResult,
  type SmsPreview,
  type TemplateContent,
  type WhatsAppPreview,
} from '../api/views';

function ErrorNote({ error }: { error: ChannelError }) {
  return (
    <div role="alert" className="channel-error">
      <strong>{error.error.code}</strong>: {error.error.message}
      {error.error.errors?.length ? (
        <ul>
          {error.error.errors.map((e) => (
            <li key={e.pointer + e.message}>
              <code>{e.pointer}</code> {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function EmailCard({ email, dir }: { email: EmailPreview; dir: 'ltr' | 'rtl' }) {
  const { t } = useI18n();
  return (
    <>
      <p className="email-subject">
        <span className="muted">{t('preview.subject')}</span> <bdi dir={dir}>{email.subject}</bdi>
      </p>
      <div className="email-frames">
        <figure>
          <figcaption>{t('preview.desktop')}</figcaption>
          <div className="frame-scaler desktop">
            {/* Rendered customer HTML: an empty sandbox runs no script and reaches nothing of the studio. */}
            <iframe sandbox="" srcDoc={email.html} title={t('preview.emailDesktop')} width={680} height={900} />
          </div>
        </figure>
        <figure>
          <figcaption>{t('preview.mobile')}</figcaption>
          <div className="frame-scaler mobile">
            <iframe sandbox="" srcDoc={email.html} title={t('preview.emailMobile')} width={375} height={900} />
          </div>
        </figure>
      </div>
      <p className="muted small">
        {t('preview.emailSize', { kb: (email.htmlBytes / 1024).toFixed(1) })}
        {email.clipped ? ` · ${t('preview.clipped')}` : ''}
      </p>
      {email.warnings.length ? (
        <ul className="warnings">
          {email.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function PdfCard({ pdf }: { pdf: PdfPreview }) {
  const { t } = useI18n();
  const url = useMemo(() => {
    const bytes = Uint8Array.from(atob(pdf.pdfBase64), (c) => c.charCodeAt(0));
    return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  }, [pdf.pdfBase64]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <>
      {pdf.firstPagePng ? (
        <img className="pdf-page" src={`data:image/png;base64,${pdf.firstPagePng}`} alt={t('preview.pdfPage')} />
      ) : null}
      <p className="muted small">
        {t('preview.pdfNote', { pages: pdf.pages, kb: (pdf.bytes / 1024).toFixed(0) })}{' '}
        <a href={url} download="preview.pdf">
          {t('preview.pdfDownload')}
        </a>
      </p>
      {pdf.blockedRequests.length ? <p className="warnings">{t('preview.blocked', { list: pdf.blockedRequests.join(', ') })}</p> : null}
    </>
  );
}

function SmsCard({ sms, dir }: { sms: SmsPreview; dir: 'ltr' | 'rtl' }) {
  const { t } = useI18n();
  return (
    <div className="phone">
      <p className="sender">{sms.sender}</p>
      <p className="bubble sms-bubble" dir={dir} data-testid="sms-text">
        {sms.text}
      </p>
      <dl className="facts">
        <dt>{t('preview.encoding')}</dt>
        <dd data-testid="sms-encoding">{sms.encoding}</dd>
        <dt>{t('preview.characters')}</dt>
        <dd data-testid="sms-characters">{sms.characters}</dd>
        <dt>{t('preview.segments')}</dt>
        <dd data-testid="sms-segments" className={sms.withinBudget ? '' : 'over-budget'}>
          {t('preview.segmentsOf', { segments: sms.segments, max: sms.maxSegments })}
        </dd>
      </dl>
      {!sms.withinBudget ? (
        <p role="alert" className="channel-error">
          {t('preview.overBudget')} {sms.problems.map((p) => p.message).join('; ')}
        </p>
      ) : null}
    </div>
  );
}

function WhatsAppCard({ whatsapp, labels, dir }: { whatsapp: WhatsAppPreview; labels: readonly string[]; dir: 'ltr' | 'rtl' }) {
  const { t } = useI18n();
  return (
    <div className="chat">
      <div className="bubble wa-bubble" dir={dir}>
        {whatsapp.filled.header ? <p className="wa-header">{whatsapp.filled.header}</p> : null}
        <p className="wa-body">{whatsapp.filled.body}</p>
        {whatsapp.filled.footer ? <p className="wa-footer">{whatsapp.filled.footer}</p> : null}
        {labels.length ? (
          <ul className="wa-buttons" aria-label={t('preview.buttons')}>
            {labels.map((label, index) => (
              <li key={`${index}-${label}`}>{label}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <p className={whatsapp.sendable ? 'ok small' : 'channel-error small'}>{whatsapp.sendable ? t('preview.sendable') : t('preview.notSendable')}</p>
      {whatsapp.findings.length ? (
        <ul className="findings" aria-label={t('preview.metaFindings')}>
          {whatsapp.findings.map((f) => (
            <li key={f.pointer + f.message} className={f.severity}>
              <span className="badge">{f.severity}</span> {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** All four channels side by side, each rendered or with the reason it could not be. */
export function ChannelPreviews({ result, content, busy }: { result: PreviewResult | null; content: TemplateContent; busy: boolean }) {
  const { t } = useI18n();
  const dir = result?.locale.dir ?? 'ltr';
  const channels = result?.channels ?? {};
  const labels = content.channels.whatsapp?.locales[result?.locale.language ?? content.defaultLocale]?.buttonLabels ?? [];
  const card = (name: 'email' | 'pdf' | 'sms' | 'whatsapp', body: React.ReactNode) => (
    <section className={`preview-card preview-${name}`} aria-labelledby={`preview-${name}-title`}>
      <h3 id={`preview-${name}-title`}>{t(`channel.${name}`)}</h3>
      {body}
    </section>
  );
  const of = <T,>(value: T | ChannelError | undefined, render: (v: T) => React.ReactNode) =>
    value === undefined ? <p className="muted">{t('preview.none')}</p> : isChannelError(value) ? <ErrorNote error={value} /> : render(value);
  return (
    <div className="previews" aria-busy={busy} data-testid="previews">
      <p className="muted small" aria-live="polite">
        {busy ? t('preview.updating') : result ? t('preview.rendered', { locale: result.locale.tag, sample: result.sample ?? t('preview.customData') }) : ''}
      </p>
      {card('email', of(channels.email, (email) => <EmailCard email={email} dir={dir} />))}
      <div className="preview-row">
        {card('pdf', of(channels.pdf, (pdf) => <PdfCard pdf={pdf} />))}
        {card('sms', of(channels.sms, (sms) => <SmsCard sms={sms} dir={dir} />))}
        {card('whatsapp', of(channels.whatsapp, (wa) => <WhatsAppCard whatsapp={wa} labels={labels} dir={dir} />))}
      </div>
    </div>
  );
}
