import type { AddressInfo } from 'node:net';
import { counter, metricsText, scrapedGauge } from './metrics';
import { serveMetrics } from './metrics-server';

describe('metrics', () => {
  it('reads a scraped gauge when scraped, at most once per cache period, and leaves it empty when the read fails', async () => {
    let reads = 0;
    scrapedGauge('ccm_test_widgets', 'Widgets by colour', ['colour'], async () => {
      reads += 1;
      return [{ labels: { colour: 'blue' }, value: reads }];
    }, 60_000);
    expect(await metricsText()).toContain('ccm_test_widgets{colour="blue"} 1');
    expect(await metricsText()).toContain('ccm_test_widgets{colour="blue"} 1');
    expect(reads).toBe(1);

    scrapedGauge('ccm_test_broken', 'A gauge whose source is down', ['x'], () => Promise.reject(new Error('database down')));
    const text = await metricsText();
    expect(text).toContain('# TYPE ccm_test_broken gauge');
    expect(text).not.toMatch(/^ccm_test_broken\{/m);
  });

  it("serves the registry on a worker's own port, and nothing else there", async () => {
    counter('ccm_test_jobs_total', 'Jobs', ['queue']).inc({ queue: 'render-document' });
    const server = await serveMetrics(0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await metrics.text()).toContain('ccm_test_jobs_total{queue="render-document"} 1');
      expect((await fetch(`${base}/`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
