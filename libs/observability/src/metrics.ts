import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The platform's own metrics, served as Prometheus text by the API (`GET /metrics`). */
export const metricsRegistry = new Registry();

/** The counter of this name, created on first use: modules loaded twice (tests) share one. */
export function counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter<L>({ name, help, labelNames, registers: [metricsRegistry] });
}

/** The histogram of this name (seconds), created on first use. */
export function histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: readonly number[]): Histogram<L> {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Histogram<L>;
  return new Histogram<L>({ name, help, labelNames, buckets: [...buckets], registers: [metricsRegistry] });
}

export interface GaugeSample<L extends string> {
  readonly labels: Readonly<Record<L, string>>;
  readonly value: number;
}

/**
 * A gauge whose samples are read when Prometheus scrapes, from `read`, at most
 * once every `cacheMs`: a scrape every few seconds by several Prometheus costs
 * one cheap query, not one each. The last `read` registered for a name wins, so
 * the application module that owns the data source supplies it. A read that
 * fails leaves the gauge empty for that scrape instead of failing `/metrics`.
 */
export function scrapedGauge<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  read: () => Promise<readonly GaugeSample<L>[]>,
  cacheMs = 5_000,
): void {
  let cached: { at: number; samples: Promise<readonly GaugeSample<L>[]> } | undefined;
  const samples = () => {
    const now = Date.now();
    if (!cached || now - cached.at >= cacheMs) {
      cached = { at: now, samples: read().catch(() => []) };
    }
    return cached.samples;
  };
  metricsRegistry.removeSingleMetric(name);
  new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [metricsRegistry],
    async collect() {
      this.reset();
      for (const sample of await samples()) this.set(sample.labels as Partial<Record<L, string>>, sample.value);
    },
  });
}

export function metricsText(): Promise<string> {
  return metricsRegistry.metrics();
}

export const METRICS_CONTENT_TYPE = metricsRegistry.contentType;
