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
 * Formatted values of one kind (amounts, dates, quantities), by locale,
 * settings and input. A billing run formats the same due date, issue date and
 * plan prices thousands of times; only valid input is ever stored, so a hit
 * needs no second validation.
 *
 * Keys are looked up level by level rather than joined into one string: the
 * locale, currency and amount arrive as strings that already know their hash,
 * where a joined key would be built and hashed again on every call. The level
 * used last is kept at hand, since a merge formats one locale's and one
 * currency's values in a row.
 */
export class FormatMemo {
  private readonly byLocale: Level<Level<Level<string>>> = new Map();
  private entries = 0;
  private lastLocale: string | undefined;
  private lastSettings: string | undefined;
  private lastInputs: Level<string> | undefined;

  constructor(private readonly capacity: number) {}

  format(locale: string, settings: string, input: string, format: () => string): string {
    let inputs = this.lastInputs;
    if (inputs === undefined || locale !== this.lastLocale || settings !== this.lastSettings) {
      inputs = level(level(this.byLocale, locale), settings);
      this.lastLocale = locale;
      this.lastSettings = settings;
      this.lastInputs = inputs;
    }
    const known = inputs.get(input);
    if (known !== undefined) return known;
    const text = format();
    // Bounded so hostile input cannot grow it forever; starting over costs one format per value.
    if (this.entries >= this.capacity) {
      this.byLocale.clear();
      this.entries = 0;
      this.lastInputs = undefined;
      return this.format(locale, settings, input, () => text);
    }
    inputs.set(input, text);
    this.entries++;
    return text;
  }
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
