/**
 * Wording that makes Meta re-categorise a utility template as marketing
 * (billed higher, and subject to marketing opt-outs). Invoices, payment
 * confirmations and service updates must not carry offers.
 *
 * A keyword list is a first line, not Meta's classifier: a hit is a warning
 * for the author. Latin keywords match whole words so "offered" or "sales
 * invoice" do not trip them; Arabic and Chinese match anywhere, because Arabic
 * attaches articles and prepositions to the word (الخصم، بخصم) and Chinese has
 * no spaces. The bare Arabic "عرض" is left out on purpose: it also means "view"
 * and appears in every "view your invoice" button.
 */
const PROMOTIONAL_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\boffers?\b/i, 'offer'],
  [/\bdiscount(?:s|ed)?\b/i, 'discount'],
  [/%\s*off\b/i, '% off'],
  [/\bupgrade now\b/i, 'upgrade now'],
  [/\bbuy now\b/i, 'buy now'],
  [/\bshop now\b/i, 'shop now'],
  [/\bpromo(?:tion|tional|s)?\b/i, 'promotion'],
  [/\bcoupons?\b/i, 'coupon'],
  [/\blimited[- ]time\b/i, 'limited time'],
  [/\b(?:flash|on) sale\b/i, 'sale'],
  [/\bspecial (?:deal|price)s?\b/i, 'special deal'],
  [/\bfree (?:gift|trial)s?\b/i, 'free gift'],
  [/عرض خاص/, 'عرض خاص'],
  [/عروض/, 'عروض'],
  [/خصم/, 'خصم'],
  [/تخفيض/, 'تخفيض'],
  [/كوبون/, 'كوبون'],
  [/لفترة محدودة/, 'لفترة محدودة'],
  [/ترقية الآن/, 'ترقية الآن'],
  [/优惠/, '优惠'],
  [/折扣/, '折扣'],
  [/打折/, '打折'],
  [/促销/, '促销'],
  [/特价/, '特价'],
  [/限时/, '限时'],
  [/立即升级/, '立即升级'],
];

/** The promotional keywords found in a text, each once, in list order. */
export function promotionalWordsIn(text: string): string[] {
  return PROMOTIONAL_PATTERNS.filter(([pattern]) => pattern.test(text)).map(([, word]) => word);
}
