/**
 * Building an Intl formatter costs far more than using one, and a merge formats
 * many values with the same few settings. Callers name their settings with a
 * short key (building one by serialising the options cost a tenth of a merge);
 * the bound keeps hostile input (time zones, tags) from growing the cache forever.
 */
const MAX_ENTRIES = 512;

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** `settings` must identify `options` exactly: same settings, same options. */
export function numberFormat(locale: string, settings: string, options: () => Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(numberFormats, `${locale}|${settings}`, () => new Intl.NumberFormat(locale, options()));
}

/** `settings` must identify `options` exactly: same settings, same options. */
export function dateTimeFormat(locale: string, settings: string, options: () => Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(dateFormats, `${locale}|${settings}`, () => new Intl.DateTimeFormat(locale, options()));
}

/**
 * Formatted values, by locale, settings and input. A billing run formats the
 * same due date, issue date and plan prices thousands of times; only valid
 * input is ever stored, so a hit needs no second validation.
 */
const FORMATTED_ENTRIES = 20_000;
const formatted = new Map<string, string>();

export function memoizedFormat(key: string, format: () => string): string {
  let text = formatted.get(key);
  if (text === undefined) {
    text = format();
    if (formatted.size >= FORMATTED_ENTRIES) formatted.delete(formatted.keys().next().value!);
    formatted.set(key, text);
  }
  return text;
}

function cached<T>(cache: Map<string, T>, key: string, create: () => T): T {
  let format = cache.get(key);
  if (!format) {
    format = create();
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, format);
  }
  return format;
}
