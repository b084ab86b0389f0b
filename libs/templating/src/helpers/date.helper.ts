import { FormatProblem } from './format-problem';
import { dateTimeFormat, FormatMemo } from './intl-format.cache';
import { HelperCall } from './merge-runtime';

/** Dates by locale, style and time zone, and value. */
const formattedDates = new FormatMemo(20_000);

export const DATE_STYLES = ['long', 'medium', 'short', 'datetime'] as const;
export type DateStyle = (typeof DATE_STYLES)[number];

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An instant must carry its offset: a local time would be read in the server's time zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

const STYLE_OPTIONS: Readonly<Record<DateStyle, Intl.DateTimeFormatOptions>> = {
  long: { dateStyle: 'long' },
  medium: { dateStyle: 'medium' },
  short: { dateStyle: 'short' },
  datetime: { dateStyle: 'medium', timeStyle: 'short' },
};

/**
 * Formats an ISO 8601 date (`2026-11-15`) or instant (`2026-11-15T09:30:00Z`) in
 * the locale's calendar, digits and word order. A date is a calendar day, not a
 * moment, so it is formatted in UTC and never shifts to the previous day; a
 * `datetime` style on a date shows the date alone. Instants are shown in
 * `timeZone` (an IANA name), UTC unless given.
 */
export function formatDate(value: unknown, style: unknown, locale: string, timeZone?: unknown): string {
  if (typeof value === 'string' && typeof style === 'string' && (timeZone === undefined || typeof timeZone === 'string')) {
    return formattedDates.format(locale, timeZone === undefined ? style : `${style}:${timeZone}`, value, () => formatDateOnce(value, style, locale, timeZone));
  }
  return formatDateOnce(value, style, locale, timeZone);
}

function formatDateOnce(value: unknown, style: unknown, locale: string, timeZone?: unknown): string {
  if (typeof style !== 'string' || !(DATE_STYLES as readonly string[]).includes(style)) {
    throw new FormatProblem(1, `must be one of ${DATE_STYLES.join(', ')}`);
  }
  if (typeof value !== 'string') throw new FormatProblem(0, 'must be an ISO 8601 date or date-time string');
  const day = DATE_ONLY.exec(value);
  if (day) {
    const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
    if (date.toISOString().slice(0, 10) !== value) throw new FormatProblem(0, 'is not a calendar date');
    const dayStyle = style === 'datetime' ? 'medium' : (style as DateStyle);
    return dateTimeFormat(locale, `date:${dayStyle}:UTC`, () => ({ ...STYLE_OPTIONS[dayStyle], timeZone: 'UTC' })).format(date);
  }
  const instant = INSTANT.test(value) ? new Date(value) : undefined;
  if (!instant || Number.isNaN(instant.getTime())) {
    throw new FormatProblem(0, 'must be an ISO 8601 date (YYYY-MM-DD) or a date-time with an offset (…Z or …+03:00)');
  }
  if (timeZone !== undefined && (typeof timeZone !== 'string' || !isTimeZone(timeZone))) {
    throw new FormatProblem('timeZone', 'must be an IANA time zone such as "Asia/Riyadh"');
  }
  const zone = (timeZone as string | undefined) ?? 'UTC';
  return dateTimeFormat(locale, `date:${style}:${zone}`, () => ({ ...STYLE_OPTIONS[style as DateStyle], timeZone: zone })).format(instant);
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** `{{date invoice.dueDate}}`, `{{date payment.at "datetime" timeZone="Asia/Riyadh"}}` */
export function dateHelper(call: HelperCall): unknown {
  const style = call.params.length > 1 ? call.params[1] : 'long';
  const value = call.required(0);
  try {
    return formatDate(value, style, call.locale.tag, call.hash.timeZone);
  } catch (error) {
    throw call.failure(error);
  }
}
