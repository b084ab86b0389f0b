import { escapeHtml } from '@app/templating';

type Language = 'en' | 'ar' | 'zh';

const WORDS: Readonly<Record<Language, { title: string; ask: string; button: string; done: string; invalid: string }>> = {
  en: {
    title: 'Stop offers',
    ask: 'Stop showing offers in your bills and messages? You will still receive your invoices.',
    button: 'Stop offers',
    done: 'Done: you will see no more offers in your messages. Your invoices still come as before.',
    invalid: 'This link is not valid.',
  },
  ar: {
    title: 'إيقاف العروض',
    ask: 'هل تريد إيقاف عرض العروض في فواتيرك ورسائلك؟ ستستمر في تلقي فواتيرك.',
    button: 'إيقاف العروض',
    done: 'تم: لن تظهر لك عروض في رسائلك بعد الآن. ستصلك فواتيرك كما كانت.',
    invalid: 'هذا الرابط غير صالح.',
  },
  zh: {
    title: '停止接收优惠',
    ask: '是否停止在账单和消息中显示优惠？您仍会照常收到账单。',
    button: '停止接收优惠',
    done: '已完成：您的消息中将不再显示优惠。账单照常发送。',
    invalid: '此链接无效。',
  },
};

/** The reader's language from Accept-Language, among the three every message ships in. */
export function pageLanguage(acceptLanguage: string | undefined): Language {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'ar' || tag === 'zh' || tag === 'en') return tag;
  }
  return 'en';
}

/** A small page that needs nothing from elsewhere; the form posts back to the same address. */
export function unsubscribePage(language: Language, state: 'ask' | 'done' | 'invalid'): string {
  const words = WORDS[language];
  const dir = language === 'ar' ? 'rtl' : 'ltr';
  const body =
    state === 'ask'
      ? `<p>${escapeHtml(words.ask)}</p><form method="post"><button type="submit">${escapeHtml(words.button)}</button></form>`
      : `<p>${escapeHtml(state === 'done' ? words.done : words.invalid)}</p>`;
  return `<!doctype html><html lang="${language}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(words.title)}</title>
<style>body{font-family:system-ui,'Noto Sans','Noto Sans Arabic','Noto Sans CJK SC',sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2933;line-height:1.5}button{font:inherit;font-weight:700;padding:.7rem 1.2rem;border:0;border-radius:6px;background:#0b3d5c;color:#fff;cursor:pointer}</style></head>
<body><h1>${escapeHtml(words.title)}</h1>${body}</body></html>`;
}
