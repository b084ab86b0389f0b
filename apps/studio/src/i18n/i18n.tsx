import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import ar from './ar.json';
import en from './en.json';
import zh from './zh.json';

export type MessageKey = keyof typeof en;
type Catalog = Record<MessageKey, string>;
export type UiLanguage = 'en' | 'ar' | 'zh';

/** Every catalog must carry every key of the English one: the type says so. */
const CATALOGS: Record<UiLanguage, Catalog> = { en, ar, zh };
export const UI_LANGUAGES: readonly { code: UiLanguage; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'ar', name: 'العربية' },
  { code: 'zh', name: '中文' },
];
const RTL: ReadonlySet<UiLanguage> = new Set(['ar']);
const STORAGE = 'ccm.studio.language';

interface I18n {
  readonly language: UiLanguage;
  readonly dir: 'ltr' | 'rtl';
  setLanguage(language: UiLanguage): void;
  t(key: MessageKey, values?: Record<string, string | number>): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): UiLanguage {
  const stored = localStorage.getItem(STORAGE);
  if (stored === 'en' || stored === 'ar' || stored === 'zh') return stored;
  const preferred = navigator.language.slice(0, 2);
  return preferred === 'ar' || preferred === 'zh' ? preferred : 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<UiLanguage>(initialLanguage);
  const dir: 'ltr' | 'rtl' = RTL.has(language) ? 'rtl' : 'ltr';
  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = dir;
  }, [language, dir]);
  const setLanguage = useCallback((next: UiLanguage) => {
    localStorage.setItem(STORAGE, next);
    setLanguageState(next);
  }, []);
  const t = useCallback(
    (key: MessageKey, values: Record<string, string | number> = {}) =>
      CATALOGS[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)),
    [language],
  );
  const value = useMemo(() => ({ language, dir, setLanguage, t }), [language, dir, setLanguage, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
