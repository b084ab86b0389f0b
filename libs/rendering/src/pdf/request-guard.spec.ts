import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ChromiumPdfEngine } from './chromium-pdf.engine';
import { resolveChromiumExecutable } from './chromium-executable';
import type { PdfLogEntry } from './pdf-log';
import type { PdfRenderOptions } from './pdf-engine';
import { isAllowedResourceUrl } from './request-guard';
import { ONE_PIXEL_PNG } from '../../../../test/support/pdf/fixtures';
import { findColour, pdfImages, pdfPageRaster, pdfText } from '../../../../test/support/pdf/poppler';

const OPTIONS: PdfRenderOptions = { title: 'SSRF probe', lang: 'en', dir: 'ltr' };
const METADATA_URL = 'http://169.254.169.254/latest/meta-data/';

/** Records every connection and request; answers like a real server would, redirects included. */
class RecordingServer {
  readonly seen: string[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly host: string) {
    this.server = createServer((request, response) => {
      this.seen.push(`${request.method} ${request.url}`);
      if (request.url?.startsWith('/redirect')) {
        response.writeHead(302, { Location: `${this.base}/after-redirect` }).end();
      } else {
        response.writeHead(200, { 'Content-Type': 'text/css' }).end('body { color: red }');
      }
    });
    this.server.on('connection', (socket) => {
      this.seen.push('connection');
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get base(): string {
    const { port } = this.server.address() as AddressInfo;
    return this.host.includes(':') ? `http://[${this.host}]:${port}` : `http://${this.host}:${port}`;
  }

  start(): Promise<void> {
    return new Promise((resolve) => this.server.listen(0, this.host, resolve));
  }

  stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('PDF rendering refuses network and filesystem access', () => {
  const v4 = new RecordingServer('127.0.0.1');
  const v6 = new RecordingServer('::1');
  const logged: PdfLogEntry[] = [];
  let engine: ChromiumPdfEngine;

  beforeAll(async () => {
    await Promise.all([v4.start(), v6.start()]);
    engine = new ChromiumPdfEngine({ executablePath: await resolveChromiumExecutable(), log: (entry) => logged.push(entry) });
  });

  afterAll(async () => {
    await engine.close();
    await Promise.all([v4.stop(), v6.stop()]);
  });

  /** Gives late requests (prefetch, refresh timers) time to show up before asserting silence. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('loads nothing a template points at, over IPv4, IPv6, metadata address or redirects', async () => {
    const html = `<!doctype html><html><head>
      <link rel="stylesheet" href="${v4.base}/style.css">
      <link rel="prefetch" href="${v4.base}/prefetch">
      <link rel="preconnect" href="${v6.base}">
      <link rel="dns-prefetch" href="${v4.base}">
      <style>
        @import url("${v6.base}/import.css");
        body { background: url(${v4.base}/background.png); }
        @font-face { font-family: Remote; src: url(${v4.base}/font.woff2); }
        .remote { font-family: Remote; }
      </style>
      <script src="${v4.base}/script.js"></script>
    </head><body>
      <p class="remote">Marker text survives</p>
      <img src="${v4.base}/redirect">
      <img src="${v6.base}/logo.png" srcset="${v6.base}/logo@2x.png 2x">
      <img src="${METADATA_URL}">
      <iframe src="${v4.base}/frame"></iframe>
      <iframe src="data:text/html,<img src=${v4.base}/nested.png>"></iframe>
      <object data="${v4.base}/object"></object>
      <embed src="${v6.base}/embed">
      <video poster="${v4.base}/poster.png"></video>
      <svg width="10" height="10"><image href="${v4.base}/svg.png" width="10" height="10"/></svg>
    </body></html>`;
    const { bytes, blockedRequests } = await engine.render(html, OPTIONS);
    await settle();

    expect(v4.seen).toEqual([]);
    expect(v6.seen).toEqual([]);
    expect(await pdfText(bytes)).toContain('Marker text survives');
    expect(blockedRequests).toEqual(
      expect.arrayContaining([
        `${v4.base}/style.css`,
        `${v6.base}/import.css`,
        `${v4.base}/background.png`,
        `${v4.base}/font.woff2`,
        `${v4.base}/redirect`,
        `${v6.base}/logo.png`,
        METADATA_URL,
        `${v4.base}/frame`,
        `${v4.base}/nested.png`,
        `${v4.base}/object`,
        `${v6.base}/embed`,
        `${v4.base}/poster.png`,
        `${v4.base}/svg.png`,
      ]),
    );
    expect(logged.filter((entry) => entry.event === 'request_blocked').map((entry) => entry.details?.url)).toEqual(
      expect.arrayContaining([METADATA_URL, `${v4.base}/redirect`]),
    );
  });

  it('never reads a local file, whatever element asks for it', async () => {
    const html = `<h1>Invoice body</h1>
      <iframe src="file:///etc/passwd" width="600" height="300"></iframe>
      <img src="file:///etc/passwd">
      <object data="file:///etc/passwd"></object>
      <div style="background: url(file:///etc/passwd)">Background</div>`;
    const { bytes, blockedRequests } = await engine.render(html, OPTIONS);
    const text = await pdfText(bytes);
    expect(text).toContain('Invoice body');
    expect(text).not.toContain('root:x:0:0');
    expect(blockedRequests).toContain('file:///etc/passwd');
  });

  it('keeps the document when a <base href> or a meta refresh points elsewhere', async () => {
    const html = `<html><head>
      <base href="${v4.base}/base/">
      <meta http-equiv="refresh" content="0; url=${v6.base}/refresh">
    </head><body><p>Still the invoice</p><img src="relative-logo.png"></body></html>`;
    const { bytes, blockedRequests } = await engine.render(html, OPTIONS);
    await settle();
    expect(v4.seen).toEqual([]);
    expect(v6.seen).toEqual([]);
    expect(await pdfText(bytes)).toContain('Still the invoice');
    expect(blockedRequests).toContain(`${v4.base}/base/relative-logo.png`);
  });

  it('a meta refresh to a local file does not replace the document', async () => {
    const html = `<meta http-equiv="refresh" content="0; url=file:///etc/passwd"><p>Invoice stays</p>`;
    const { bytes } = await engine.render(html, OPTIONS);
    const text = await pdfText(bytes);
    expect(text).toContain('Invoice stays');
    expect(text).not.toContain('root:x:0:0');
  });

  it('still draws images embedded as data: URLs', async () => {
    const { bytes, blockedRequests } = await engine.render(`<p>Logo</p><img src="${ONE_PIXEL_PNG}" width="40" height="40">`, OPTIONS);
    expect(blockedRequests).toEqual([]);
    expect(await pdfImages(bytes)).toContainEqual(expect.objectContaining({ page: 1, width: 1, height: 1 }));
  });

  it('draws a brand logo inlined as an SVG data: URL, in its colour where it stands, requesting nothing', async () => {
    const logo = '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" rx="10" fill="#1fb5ac"/></svg>';
    const html = `<header style="display: flex; justify-content: flex-end"><img src="data:image/svg+xml;base64,${Buffer.from(logo).toString('base64')}" style="width: 40pt; height: 40pt" alt=""></header><p>Invoice</p>`;
    const { bytes, blockedRequests } = await engine.render(html, { ...OPTIONS, lang: 'ar', dir: 'rtl' });
    await settle();
    expect(blockedRequests).toEqual([]);
    expect([...v4.seen, ...v6.seen]).toEqual([]);
    const page = await pdfPageRaster(bytes, 1, 72);
    const drawn = findColour(page, [0x1f, 0xb5, 0xac]);
    // About 40 × 40 pt at 72 dpi, at the start of a right-to-left header: the top left.
    expect(drawn.count).toBeGreaterThan(1_200);
    expect(drawn.right).toBeLessThan(page.width / 3);
    expect(drawn.bottom).toBeLessThan(page.height / 5);
  });

  it('does not run the template\'s JavaScript', async () => {
    const html = `<p id="target">Static text</p><script>document.getElementById('target').textContent = 'Script ran';</script>`;
    const text = await pdfText((await engine.render(html, OPTIONS)).bytes);
    expect(text).toContain('Static text');
    expect(text).not.toContain('Script ran');
  });
});

describe('isAllowedResourceUrl', () => {
  it.each([
    ['data:image/png;base64,AAAA', true],
    ['about:blank', true],
    ['http://127.0.0.1/', false],
    ['https://example.com/logo.png', false],
    ['file:///etc/passwd', false],
    ['blob:null/1234', false],
    ['chrome://settings', false],
    ['about:config', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedResourceUrl(url)).toBe(allowed);
  });
});
