import { Counter, Registry } from 'prom-client';

/** The platform's own metrics, served as Prometheus text by the API (`GET /metrics`). */
export const metricsRegistry = new Registry();

/** The counter of this name, created on first use: modules loaded twice (tests) share one. */
export function counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter<L>({ name, help, labelNames, registers: [metricsRegistry] });
}

export function metricsText(): Promise<string> {
  return metricsRegistry.metrics();
}

export const METRICS_CONTENT_TYPE = metricsRegistry.contentType;
