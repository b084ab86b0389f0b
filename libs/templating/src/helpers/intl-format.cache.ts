/**
 * Building an Intl formatter costs far more than using one, and a merge formats
 * many values with the same few settings. Callers name their settings with a
 * short key (building one by serialising the options cost a tenth of a merge);
 * the bound keeps hostile input (time zones, tags) from growing the cache forever.
 */
const MAX_ENTRIES = 512;

type Level<T> = Map<string, T>;

const numberFormats: Level<Level<Intl.NumberFormat>> = new Map();
const dateFormats: Level<Level<Intl.DateTimeFormat>> = new Map();

/** `settings` must identify `options` exactly: same settings, same options. */
export function numberFormat(locale: string, settings: string, options: () => Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(bounded(numberFormats, locale), settings, () => new Intl.NumberFormat(locale, options()));
}

/** `settings` must identify `options` exactly: same settings, same options. */
export function dateTimeFormat(locale: string, settings: string, options: () => Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(bounded(dateFormats, locale), settings, () => new Intl.DateTimeFormat(locale, options()));
}

/**
 * Formatted values, by kind, locale, settings and input. A billing run formats
 * the same due date, issue date and plan prices thousands of times; only valid
 * input is ever stored, so a hit needs no second validation.
 *
 * Keys are looked up level by level rather than joined into one string: the
 * locale, currency and amount arrive as strings that already know their hash,
 * where a joined key would be built and hashed again on every call.
 */
const FORMATTED_ENTRIES = 20_000;
const formatted: Level<Level<Level<Level<string>>>> = new Map();
let formattedEntries = 0;

/** The level of the last kind, locale and settings used: a merge formats one currency's amounts in a row. */
let recent: { kind: string; locale: string; settings: string; byInput: Level<string> } | undefined;

export function memoizedFormat(kind: string, locale: string, settings: string, input: string, format: () => string): string {
  const byInput =
    recent && recent.kind === kind && recent.locale === locale && recent.settings === settings
      ? recent.byInput
      : formatted.get(kind)?.get(locale)?.get(settings);
  const known = byInput?.get(input);
  if (known !== undefined) {
    if (recent?.byInput !== byInput) recent = { kind, locale, settings, byInput: byInput! };
    return known;
  }
  const text = format();
  // Bounded so hostile input cannot grow it forever; starting over costs one format per value.
  if (formattedEntries >= FORMATTED_ENTRIES) {
    formatted.clear();
    formattedEntries = 0;
    recent = undefined;
  }
  level(level(level(formatted, kind), locale), settings).set(input, text);
  formattedEntries++;
  return text;
}

function level<T>(map: Level<Level<T>>, key: string): Level<T> {
  let next = map.get(key);
  if (!next) {
    next = new Map();
    map.set(key, next);
  }
  return next;
}

/** The formatters of one locale; the number of locales is bounded like everything else here. */
function bounded<T>(map: Level<Level<T>>, locale: string): Level<T> {
  if (!map.has(locale) && map.size >= MAX_ENTRIES) map.clear();
  return level(map, locale);
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
