import { PRINT_BASE_CSS } from '../../../libs/rendering/src/pdf/print-base.css';

export function invoiceHtml(opts: { lang: string; dir: 'ltr' | 'rtl'; title: string; heading: string; lines: string[]; total: string }): string {
  const rows = opts.lines.map((line, i) => `<tr><td>${i + 1}</td><td>${line}</td><td class="num">${(i + 1) * 10}.00</td></tr>`).join('');
  return `<!doctype html>
<html lang="${opts.lang}" dir="${opts.dir}">
<head><meta charset="utf-8"><title>${opts.title}</title>
<style>${PRINT_BASE_CSS}
body { font-size: 11pt; }
h1 { color: #fff; background: #1d4ed8; padding: 6px 10px; }
th, td { border-bottom: 1px solid #ccc; padding: 4px 6px; text-align: start; }
.num { text-align: end; }
.totals { margin-top: 12px; font-weight: bold; }
</style></head>
<body><h1>${opts.heading}</h1>
<table><thead><tr><th>#</th><th>Item</th><th>Amount</th></tr></thead><tbody>${rows}</tbody></table>
<div class="totals">${opts.total}</div>
</body></html>`;
}

export const ENGLISH_INVOICE = invoiceHtml({
  lang: 'en-GB',
  dir: 'ltr',
  title: 'Invoice INV-2041',
  heading: 'Invoice INV-2041',
  lines: ['Broadband, March', 'Router rental', 'Late payment fee'],
  total: 'Total due: 60.00 EUR',
});

export const ARABIC_INVOICE = invoiceHtml({
  lang: 'ar',
  dir: 'rtl',
  title: 'فاتورة رقم ٢٠٤١',
  heading: 'فاتورة رقم ٢٠٤١',
  lines: ['اشتراك الإنترنت لشهر مارس', 'استئجار جهاز التوجيه', 'رسوم التأخير'],
  total: 'المبلغ المستحق: ٦٠٫٠٠ ريال',
});

export const CHINESE_INVOICE = invoiceHtml({
  lang: 'zh-CN',
  dir: 'ltr',
  title: '发票 INV-2041',
  heading: '发票 INV-2041',
  lines: ['三月宽带服务费', '路由器租赁', '逾期付款手续费'],
  total: '应付总额：60.00 元',
});

export function longTableHtml(rows: number): string {
  const body = Array.from({ length: rows }, (_, i) => `<tr><td>Row ${i + 1}</td><td>Service line ${i + 1}</td><td>${i + 1}.00</td></tr>`).join('');
  return `<!doctype html><html lang="en"><head><title>Statement</title><style>
${PRINT_BASE_CSS}
thead { display: table-header-group; }
tr { break-inside: avoid; }
</style></head><body><h1>Statement</h1>
<table><thead><tr><th>Reference</th><th>Description column</th><th>Amount</th></tr></thead><tbody>${body}</tbody></table>
<div class="totals">Total ${(rows * (rows + 1)) / 2}.00</div></body></html>`;
}

/** A 1×1 PNG. */
export const ONE_PIXEL_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
