import { DomainError } from '@app/kernel';

/**
 * Template language codes Meta lists for the Cloud API (supported-languages
 * page, May 2026). Meta adds codes over time, so a code missing from this list
 * is reported as a warning, not refused.
 */
export const WHATSAPP_LANGUAGE_CODES: ReadonlySet<string> = new Set([
  'af', 'sq', 'ar', 'ar_EG', 'ar_AE', 'ar_LB', 'ar_MA', 'ar_QA', 'az', 'be_BY', 'bn', 'bn_IN', 'bg', 'ca',
  'zh_CN', 'zh_HK', 'zh_TW', 'hr', 'cs', 'da', 'prs_AF', 'nl', 'nl_BE',
  'en', 'en_GB', 'en_US', 'en_AE', 'en_AU', 'en_CA', 'en_GH', 'en_IE', 'en_IN', 'en_JM', 'en_MY', 'en_NZ',
  'en_QA', 'en_SG', 'en_UG', 'en_ZA', 'et', 'fil', 'fi', 'fr', 'fr_BE', 'fr_CA', 'fr_CH', 'fr_CI', 'fr_MA',
  'ka', 'de', 'de_AT', 'de_CH', 'el', 'gu', 'ha', 'he', 'hi', 'hu', 'id', 'ga', 'it', 'ja', 'kn', 'kk',
  'rw_RW', 'ko', 'ky_KG', 'lo', 'lv', 'lt', 'mk', 'ms', 'ml', 'mr', 'nb', 'fa', 'pl', 'pt_BR', 'pt_PT',
  'pa', 'ro', 'ru', 'sr', 'sk', 'sl', 'es', 'es_AR', 'es_ES', 'es_MX', 'sw', 'sv', 'ta', 'te', 'th', 'tr',
  'uk', 'ur', 'uz', 'vi', 'zu',
]);

/**
 * Languages Meta only offers with a region, and the region a bare tag means:
 * `zh` is Simplified Chinese as written in mainland China, `pt` the Brazilian
 * variant (by far the larger WhatsApp audience).
 */
const DEFAULT_REGION: Readonly<Record<string, string>> = {
  zh: 'CN',
  pt: 'BR',
  be: 'BY',
  prs: 'AF',
  rw: 'RW',
  ky: 'KG',
};

/** Chinese written in a script but no region: Traditional is read mostly in Taiwan. */
const CHINESE_SCRIPT_REGION: Readonly<Record<string, string>> = { Hans: 'CN', Hant: 'TW' };

/** Older or macro-language subtags, and the subtag Meta uses for the same language. */
const LANGUAGE_ALIASES: Readonly<Record<string, string>> = { no: 'nb', tl: 'fil', iw: 'he', in: 'id' };

/** language[-Script][-REGION], with `-` or `_`: all a template locale needs. */
const LOCALE_TAG = /^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{4}))?(?:[-_]([a-zA-Z]{2}))?$/;

/**
 * The language code a WhatsApp template is registered and sent under, for one
 * of our locale tags (BCP 47 language subtags such as `en`, `en-US`, `ar`, `zh`).
 *
 * - A tag with a region keeps it when Meta lists that pair: `en-US` → `en_US`.
 * - Otherwise the bare language when Meta lists it: `en` → `en`, `ar` → `ar`,
 *   `ar-SA` → `ar`.
 * - Otherwise the region Meta requires: `zh` → `zh_CN`, `zh-Hant` → `zh_TW`,
 *   `pt` → `pt_BR`.
 * - A language Meta does not list maps to `lang` or `lang_REGION` unchanged;
 *   `checkWhatsAppDefinition` warns about it.
 *
 * The same function must be used when registering a template and when sending
 * it: Meta matches the code exactly.
 *
 * @throws DomainError `validation_failed` when the tag is not a locale tag.
 */
export function whatsAppLanguageCode(localeTag: string): string {
  const match = LOCALE_TAG.exec(localeTag.trim());
  if (!match) {
    const message = `"${localeTag}" is not a locale tag (expected e.g. "en", "en-US", "zh-Hant")`;
    throw new DomainError('validation_failed', message, [{ pointer: '/language', message }]);
  }
  const subtag = match[1].toLowerCase();
  const language = LANGUAGE_ALIASES[subtag] ?? subtag;
  const script = match[2] ? match[2][0].toUpperCase() + match[2].slice(1).toLowerCase() : undefined;
  const region = match[3]?.toUpperCase();

  if (region && WHATSAPP_LANGUAGE_CODES.has(`${language}_${region}`)) return `${language}_${region}`;
  if (language === 'zh' && script && CHINESE_SCRIPT_REGION[script]) return `zh_${CHINESE_SCRIPT_REGION[script]}`;
  if (WHATSAPP_LANGUAGE_CODES.has(language)) return language;
  if (DEFAULT_REGION[language]) return `${language}_${DEFAULT_REGION[language]}`;
  return region ? `${language}_${region}` : language;
}

/** True when Meta lists the code as a template language. */
export function isKnownWhatsAppLanguageCode(code: string): boolean {
  return WHATSAPP_LANGUAGE_CODES.has(code);
}
