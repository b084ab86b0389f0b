import { useEffect, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../api/client';
import { describeProblem, unwrap } from '../api/problem';
import type { DeliveriesPage, Delivery } from '../api/views';
import { useI18n } from '../i18n/i18n';

const DAYS = 14;
const PAGES = 10;
const CHANNELS = ['email', 'sms', 'whatsapp'] as const;
const OUTCOMES = ['sent', 'delivered', 'failed'] as const;
const COLOURS: Record<(typeof OUTCOMES)[number], string> = { sent: '#2563eb', delivered: '#15803d', failed: '#b91c1c' };

/** Sent (or further), delivered and failed deliveries per day, one chart per channel. */
function tally(deliveries: readonly Delivery[], channel: string) {
  const days = new Map<string, Record<string, number>>();
  for (let i = DAYS - 1; i >= 0; i -= 1) days.set(new Date(Date.now() - i * 86_400_000).toISOString().slice(0, 10), { sent: 0, delivered: 0, failed: 0 });
  for (const delivery of deliveries) {
    if (delivery.channel !== channel) continue;
    const day = days.get(delivery.createdAt.slice(0, 10));
    if (!day) continue;
    if (delivery.status === 'failed') day.failed += 1;
    else if (delivery.status === 'delivered' || delivery.status === 'read') day.delivered += 1;
    else if (delivery.status === 'sent') day.sent += 1;
  }
  return [...days].map(([day, counts]) => ({ day: day.slice(5), ...counts }));
}

interface VersionActions {
  readonly templateKey: string;
  readonly version: number;
  readonly documents: number;
  readonly payments: number;
  readonly timeToPayment: { readonly documents: number; readonly medianSeconds: number | null; readonly p90Seconds: number | null };
}
interface ActionAnalytics {
  readonly templateVersions: readonly VersionActions[];
}
interface FoundDocuments {
  readonly items: readonly { readonly template: { readonly key: string } }[];
}

/** The templates behind the recent documents, then what customers did with each version's documents since `since`. */
async function payAnalytics(since: string): Promise<VersionActions[]> {
  const recent = await unwrap<FoundDocuments>(api.GET('/v1/documents', { params: { query: { limit: '200' } } }));
  const keys = [...new Set(recent.items.map((d) => d.template.key))].sort();
  const answers = await Promise.all(
    keys.map((templateKey) => unwrap<ActionAnalytics>(api.GET('/v1/analytics/actions', { params: { query: { templateKey, since } } } as never))),
  );
  return answers.flatMap((answer) => answer.templateVersions).filter((v) => v.documents > 0);
}

/** The largest unit in which the slowest payment reads as two or more, so quick payments do not all read as 0. */
function timeUnit(versions: readonly VersionActions[]): { seconds: number; key: 'dashboard.hours' | 'dashboard.minutes' | 'dashboard.seconds' } {
  const longest = Math.max(0, ...versions.map((v) => v.timeToPayment.p90Seconds ?? 0));
  if (longest >= 7200) return { seconds: 3600, key: 'dashboard.hours' };
  return longest >= 120 ? { seconds: 60, key: 'dashboard.minutes' } : { seconds: 1, key: 'dashboard.seconds' };
}
const inUnit = (seconds: number | null, unit: number) => (seconds === null ? null : Math.round((seconds / unit) * 10) / 10);

export function DashboardPage() {
  const { t } = useI18n();
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [versions, setVersions] = useState<VersionActions[] | null>(null);
  useEffect(() => {
    payAnalytics(new Date(Date.now() - DAYS * 86_400_000).toISOString())
      .then(setVersions)
      .catch((e) => setError(describeProblem(e)));
  }, []);
  useEffect(() => {
    (async () => {
      const since = new Date(Date.now() - DAYS * 86_400_000).toISOString();
      const all: Delivery[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < PAGES; page += 1) {
        const query: Record<string, string> = { since, limit: '500', ...(cursor ? { cursor } : {}) };
        const answer: DeliveriesPage = await unwrap<DeliveriesPage>(api.GET('/v1/deliveries', { params: { query } } as never));
        all.push(...answer.items);
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
      setDeliveries(all);
    })().catch((e) => setError(describeProblem(e)));
  }, []);
  const unit = useMemo(() => timeUnit(versions ?? []), [versions]);
  const pay = useMemo(
    () =>
      (versions ?? []).map((v) => ({
        version: `${v.templateKey} v${v.version}`,
        conversion: Math.round((v.payments / v.documents) * 1000) / 10,
        median: inUnit(v.timeToPayment.medianSeconds, unit.seconds),
        p90: inUnit(v.timeToPayment.p90Seconds, unit.seconds),
      })),
    [versions, unit],
  );
  const rtl = document.documentElement.dir === 'rtl';
  const series = useMemo(() => (deliveries ? CHANNELS.map((channel) => ({ channel, data: tally(deliveries, channel) })) : []), [deliveries]);
  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      <p className="muted">{t('dashboard.intro', { days: DAYS, count: deliveries?.length ?? 0 })}</p>
      {error ? (
        <p role="alert" className="channel-error">
          {error}
        </p>
      ) : null}
      <div className="charts">
        {series.map(({ channel, data }) => (
          <section key={channel} className="chart" aria-labelledby={`chart-${channel}`}>
            <h2 id={`chart-${channel}`}>{t(`channel.${channel}`)}</h2>
            <ResponsiveContainer width="100%" height={220}>
              <BarChart data={data} accessibilityLayer>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" reversed={document.documentElement.dir === 'rtl'} />
                <YAxis allowDecimals={false} orientation={document.documentElement.dir === 'rtl' ? 'right' : 'left'} />
                <Tooltip />
                <Legend />
                {OUTCOMES.map((outcome) => (
                  <Bar key={outcome} dataKey={outcome} name={t(`dashboard.${outcome}`)} stackId="a" fill={COLOURS[outcome]} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </section>
        ))}
        <section className="chart" aria-labelledby="chart-conversion" aria-busy={versions === null}>
          <h2 id="chart-conversion">{t('dashboard.conversion')}</h2>
          <p className="muted small">{t('dashboard.conversionNote', { days: DAYS })}</p>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={pay} accessibilityLayer>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="version" reversed={rtl} />
              <YAxis unit="%" domain={[0, 100]} orientation={rtl ? 'right' : 'left'} />
              <Tooltip />
              <Legend />
              <Bar dataKey="conversion" name={t('dashboard.conversionSeries')} fill="#15803d" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </section>
        <section className="chart" aria-labelledby="chart-time-to-pay" aria-busy={versions === null}>
          <h2 id="chart-time-to-pay">{t('dashboard.timeToPay', { unit: t(unit.key) })}</h2>
          <p className="muted small">{t('dashboard.timeToPayNote')}</p>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={pay} accessibilityLayer>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="version" reversed={rtl} />
              <YAxis orientation={rtl ? 'right' : 'left'} />
              <Tooltip />
              <Legend />
              <Bar dataKey="median" name={t('dashboard.median')} fill="#2563eb" isAnimationActive={false} />
              <Bar dataKey="p90" name={t('dashboard.p90')} fill="#7c3aed" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </section>
      </div>
    </>
  );
}
