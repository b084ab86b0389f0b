import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
import { describeProblem, unwrap } from '../api/problem';
import type { DeliveriesPage, Delivery } from '../api/views';
import { useI18n } from '../i18n/i18n';

/** How many recent documents the page reads (found through their deliveries, newest first). */
const RECENT_DOCUMENTS = 30;

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

/** Recent documents with their renditions and delivery timelines, searchable by reference or recipient, and the outbox. */
export function OperationsPage() {
  const { t } = useI18n();
  const [documents, setDocuments] = useState<DocumentDetail[] | null>(null);
  const [outbox, setOutbox] = useState<OutboxMessage[]>([]);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    (async () => {
      const page = await unwrap<DeliveriesPage>(api.GET('/v1/deliveries', { params: { query: { limit: '200' } } } as never));
      const ids = [...new Set(page.items.map((d) => d.documentId).filter((id): id is string => !!id))].slice(0, RECENT_DOCUMENTS);
      const details = await Promise.all(ids.map((id) => unwrap<DocumentDetail>(api.GET('/v1/documents/{id}', { params: { path: { id } } } as never))));
      setDocuments(details);
      setOutbox(await unwrap<OutboxMessage[]>(api.GET('/v1/outbox')));
    })().catch((e) => setError(describeProblem(e)));
  }, []);

  const needle = query.trim().toLowerCase();
  const shown = useMemo(
    () =>
      (documents ?? []).filter(
        (d) => !needle || d.externalRef?.toLowerCase().includes(needle) || d.deliveries.some((x) => x.recipient.toLowerCase().includes(needle)) || d.id.startsWith(needle),
      ),
    [documents, needle],
  );

  return (
    <>
      <h1>{t('ops.title')}</h1>
      <label className="search">
        {t('ops.search')} <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      {error ? (
        <p role="alert" className="channel-error">
          {error}
        </p>
      ) : null}
      {!documents ? <p aria-busy="true">{t('common.loading')}</p> : null}
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
          {shown.map((d) => (
            <tr key={d.id}>
              <td>
                <button type="button" className="link" aria-expanded={open === d.id} onClick={() => setOpen(open === d.id ? null : d.id)}>
                  {d.externalRef ?? d.id.slice(0, 8)}
                </button>
                {open === d.id ? <Timeline deliveries={d.deliveries} /> : null}
              </td>
              <td>
                {d.template.key} v{d.template.version} · {d.locale}
              </td>
              <td>{d.status}</td>
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
