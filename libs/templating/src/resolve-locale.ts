import type { Direction, LocaleInfo, TemplateContent } from '@app/contracts';

/** Languages written right to left; every other language is laid out left to right. */
export const RTL_LANGUAGES: ReadonlySet<string> = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ckb', 'dv', 'yi', 'ug']);

/**
 * Picks the catalog language a document is rendered in. A tag whose language the
 * version ships keeps its region (so `ar-SA` formats numbers the Saudi way while
 * reading the `ar` catalog). A tag the version cannot serve, or one that is not
 * valid BCP 47, falls back to the version's default locale entirely: text in one
 * language with numbers and dates formatted for another would read as a mistake.
 */
export function resolveLocale(tag: string, content: Pick<TemplateContent, 'locales' | 'defaultLocale'>): LocaleInfo {
  const requested = parseTag(tag);
  if (requested) {
    const language = matchLanguage(requested, content.locales);
    if (language) return describe(requested.toString(), language);
  }
  const fallback = parseTag(content.defaultLocale);
  const language = (fallback && matchLanguage(fallback, content.locales)) ?? content.defaultLocale;
  return describe(fallback?.toString() ?? content.defaultLocale, language);
}

export function directionOf(language: string): Direction {
  return RTL_LANGUAGES.has(language.split('-')[0].toLowerCase()) ? 'rtl' : 'ltr';
}

function matchLanguage(locale: Intl.Locale, shipped: readonly string[]): string | undefined {
  const full = locale.toString().toLowerCase();
  const exact = shipped.find((candidate) => candidate.toLowerCase() === full);
  return exact ?? shipped.find((candidate) => candidate.toLowerCase() === locale.language);
}

function parseTag(tag: string): Intl.Locale | undefined {
  try {
    return new Intl.Locale(tag);
  } catch {
    return undefined;
  }
}

function describe(tag: string, language: string): LocaleInfo {
  return { tag, language, dir: directionOf(language) };
}
