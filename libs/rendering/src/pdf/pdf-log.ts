export type PdfLogEvent =
  | 'request_blocked'
  | 'browser_launched'
  | 'browser_retired'
  | 'browser_crashed'
  | 'page_crashed'
  | 'page_close_failed'
  | 'render_timeout'
  | 'group_print_failed'
  | 'group_reprinted'
  | 'abandoned_browser_ended';

export interface PdfLogEntry {
  level: 'info' | 'warn' | 'error';
  event: PdfLogEvent;
  message: string;
  details?: Record<string, unknown>;
}

/** Injected by the composition root so the library stays free of any logging framework. */
export type PdfLogger = (entry: PdfLogEntry) => void;

export const silentPdfLogger: PdfLogger = () => undefined;
