import type { OfferLanguage } from '../offer-content';

/**
 * The words the platform puts around every offer, so a reader always tells the
 * offer from the bill and always has the way out: a label and the unsubscribe
 * notice. Compliance's, not the marketer's: an offer version cannot remove them.
 */
export const OFFER_WORDING: Readonly<Record<OfferLanguage, { label: string; notice: string; unsubscribe: string }>> = {
  en: { label: 'Offer for you', notice: 'You see offers because you agreed to them.', unsubscribe: 'Stop offers' },
  ar: { label: 'عرض لك', notice: 'تظهر لك العروض لأنك وافقت على تلقيها.', unsubscribe: 'إيقاف العروض' },
  zh: { label: '为您推荐', notice: '您看到优惠是因为您已同意接收。', unsubscribe: '停止接收优惠' },
};

export function offerLanguage(language: string): OfferLanguage {
  return language === 'ar' || language === 'zh' ? language : 'en';
}
