// The i18n layer: i18next holds the ja/en resources; a rune makes every `t()` call in a
// component re-run when the language changes.
import i18next from 'i18next';
import en from './en';
import ja from './ja';

export type Lang = 'ja' | 'en';

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every language must provide: the English keys, any string values. */
export type Messages = Widen<typeof en>;

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
/** Every message key, e.g. `project.customerName`; plural keys are used without their suffix. */
export type MessageKey =
  | Leaves<Messages>
  | 'projects.count'
  | 'risks.count'
  | 'stages.daysInStage'
  | 'stages.ttvDays'
  | 'playbooks.stagesCount'
  | 'calendar.exported'
  | 'team.status.waiting'
  | 'team.status.offlineWaiting'
  | 'team.info.incoming'
  | 'team.join.shareExisting';

export const resources: Record<Lang, Messages> = { en, ja };

const current = $state<{ lang: Lang }>({ lang: 'en' });

void i18next.init({
  resources: { en: { translation: en }, ja: { translation: ja } },
  lng: 'en',
  fallbackLng: 'en',
  initAsync: false,
  // Svelte renders every value as text, so i18next must not escape a second time.
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function language(): Lang {
  return current.lang;
}

export function setLanguage(lang: Lang): void {
  void i18next.changeLanguage(lang);
  current.lang = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export function t(key: MessageKey, options?: Record<string, string | number>): string {
  // Reading the rune subscribes the caller to language changes.
  void current.lang;
  return i18next.t(key, options ?? {});
}

/** The BCP 47 locale used for formatting in the current language. */
export function locale(): string {
  return current.lang === 'ja' ? 'ja-JP' : 'en-US';
}
