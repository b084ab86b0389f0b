import { useCallback, useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { api } from '../api/client';
import { describeProblem, unwrap } from '../api/problem';
import type { Delivery } from '../api/views';
import { useI18n } from '../i18n/i18n';

/** Documents per page of the search; each is then read in full. */
const PAGE_SIZE = 30;

interface DocumentDetail {
  readonly id: string;
  readonly type: string;
  readonly status: string;
  readonly locale: string;
  readonly externalRef: string | null;
  readonly createdAt: string;
  readonly template: { readonly key: string; readonly version: number };
  readonly renditions: Record<string, { readonly href: string; readonly bytes?: number }>;
  readonly deliveries: readonly TimelineDelivery[];
}
interface TimelineDelivery extends Delivery {
  readonly recipient: string;
  readonly reason: string;
  readonly sentAt: string | null;
  readonly deliveredAt: string | null;
  readonly readAt: string | null;
  readonly lastError: string | null;
}
interface OutboxMessage {
  readonly id: string;
  readonly channel: string;
  readonly recipient: string | null;
  readonly summary: string | null;
}

function Timeline({ deliveries }: { deliveries: readonly TimelineDelivery[] }) {
  const { t } = useI18n();
  return (
    <ol className="timeline">
      {deliveries.map((d) => (
        <li key={d.id}>
          <strong>{t(`channel.${d.channel}` as 'channel.email')}</strong> → {d.recipient} · <span className={`status status-${d.status}`}>{d.status}</span>
          <span className="muted small"> ({d.reason})</span>
          <ul className="small">
            <li>{t('ops.created', { at: new Date(d.createdAt).toLocaleString() })}</li>
            {d.sentAt ? <li>{t('ops.sent', { at: new Date(d.sentAt).toLocaleString() })}</li> : null}
            {d.deliveredAt ? <li>{t('ops.delivered', { at: new Date(d.deliveredAt).toLocaleString() })}</li> : null}
            {d.readAt ? <li>{t('ops.read', { at: new Date(d.readAt).toLocaleString() })}</li> : null}
            {d.lastError ? <li className="channel-error">{d.lastError}</li> : null}
          </ul>
        </li>
      ))}
    </ol>
  );
}

interface DocumentSummary {
  readonly id: string;
  readonly externalRef: string | null;
  readonly customerId: string | null;
}
interface SearchPage {
  readonly items: readonly DocumentSummary[];
  readonly nextCursor: string | null;
}
type Criteria = { externalRef: string; customerId: string; type: string; status: string };
const NO_CRITERIA: Criteria = { externalRef: '', customerId: '', type: '', status: '' };
const STATUSES = ['accepted', 'rendered', 'render_failed'] as const;

/** One page of the platform's document search, each document read in full for its renditions and deliveries. */
async function searchPage(criteria: Criteria, cursor: string | null): Promise<{ documents: DocumentDetail[]; nextCursor: string | null }> {
  const query: Record<string, string> = { limit: String(PAGE_SIZE) };
  for (const [name, value] of Object.entries(criteria)) if (value.trim()) query[name] = value.trim();
  if (cursor) query.cursor = cursor;
  const page = await unwrap<SearchPage>(api.GET('/v1/documents', { params: { query } }));
  const documents = await Promise.all(page.items.map((d) => unwrap<DocumentDetail>(api.GET('/v1/documents/{id}', { params: { path: { id: d.id } } } as never))));
  return { documents, nextCursor: page.nextCursor };
}

/** Documents found by the platform (reference, customer, type, status), newest first, with renditions and delivery timelines; and the outbox. */
export function OperationsPage() {
  const { t } = useI18n();
  const [documents, setDocuments] = useState<DocumentDetail[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [outbox, setOutbox] = useState<OutboxMessage[]>([]);
  const [criteria, setCriteria] = useState<Criteria>(NO_CRITERIA);
  const [searched, setSearched] = useState<Criteria>(NO_CRITERIA);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(async (wanted: Criteria, cursor: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const page = await searchPage(wanted, cursor);
      setDocuments((before) => (cursor ? [...(before ?? []), ...page.documents] : page.documents));
      setNextCursor(page.nextCursor);
      setSearched(wanted);
    } catch (e) {
      setError(describeProblem(e));
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    void run(NO_CRITERIA, null);
    unwrap<OutboxMessage[]>(api.GET('/v1/outbox'))
      .then(setOutbox)
      .catch((e) => setError(describeProblem(e)));
  }, [run]);

  const field = (name: keyof Criteria) => ({
    value: criteria[name],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setCriteria({ ...criteria, [name]: e.target.value }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOpen(null);
    void run(criteria, null);
  };

  return (
    <>
      <h1>{t('ops.title')}</h1>
      <form className="search-form" role="search" aria-label={t('ops.searchTitle')} onSubmit={submit}>
        <label>
          {t('ops.externalRef')} <input type="search" {...field('externalRef')} />
        </label>
        <label>
          {t('ops.customerId')} <input type="search" {...field('customerId')} />
        </label>
        <label>
          {t('ops.type')} <input type="search" {...field('type')} />
        </label>
        <label>
          {t('ops.status')}{' '}
          <select {...field('status')}>
            <option value="">{t('ops.anyStatus')}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`ops.documentStatus.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {t('ops.find')}
        </button>
      </form>
      {error ? (
        <p role="alert" className="channel-error">
          {error}
        </p>
      ) : null}
      <p role="status" aria-busy={busy} className="muted">
        {busy ? t('common.loading') : documents ? t('ops.found', { count: documents.length }) : null}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('ops.reference')}</th>
            <th scope="col">{t('ops.template')}</th>
            <th scope="col">{t('ops.status')}</th>
            <th scope="col">{t('ops.renditions')}</th>
            <th scope="col">{t('ops.deliveries')}</th>
          </tr>
        </thead>
        <tbody>
          {(documents ?? []).map((d) => (
            <tr key={d.id}>
              <td>
                <button type="button" className="link" aria-expanded={open === d.id} onClick={() => setOpen(open === d.id ? null : d.id)}>
                  <bdi>{d.externalRef ?? d.id.slice(0, 8)}</bdi>
                </button>
                {open === d.id ? <Timeline deliveries={d.deliveries} /> : null}
              </td>
              <td>
                {d.template.key} v{d.template.version} · {d.locale}
              </td>
              <td>{STATUSES.includes(d.status as (typeof STATUSES)[number]) ? t(`ops.documentStatus.${d.status as (typeof STATUSES)[number]}`) : d.status}</td>
              <td>
                <ul className="inline-list">
                  {Object.entries(d.renditions).map(([channel, rendition]) => (
                    <li key={channel}>
                      <a href={rendition.href} target="_blank" rel="noreferrer">
                        {t(`channel.${channel}` as 'channel.email')}
                      </a>
                    </li>
                  ))}
                </ul>
              </td>
              <td>{d.deliveries.map((x) => `${x.channel}: ${x.status}`).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {nextCursor ? (
        <button type="button" disabled={busy} onClick={() => void run(searched, nextCursor)}>
          {t('ops.more')}
        </button>
      ) : null}
      <h2>{t('ops.outbox')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('ops.channel')}</th>
            <th scope="col">{t('ops.recipient')}</th>
            <th scope="col">{t('ops.summary')}</th>
          </tr>
        </thead>
        <tbody>
          {outbox.map((m) => (
            <tr key={m.id}>
              <td>{m.channel}</td>
              <td>{m.recipient}</td>
              <td>
                <bdi>{m.summary}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
