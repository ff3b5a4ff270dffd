// UI translation: catalogues, the current language (persisted in localStorage) and
// the `useI18n` hook. Every user-visible string of the app goes through `t`.
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { en } from './en';
import { zhCN, type MessageKey, type Messages } from './zh-CN';

export type { MessageKey, Messages };

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const DEFAULT_LANG: Lang = 'zh-CN';
export const LANG_STORAGE_KEY = 'parkatlas.lang';

export const catalogues: Readonly<Record<Lang, Messages>> = { 'zh-CN': zhCN, en };

export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** Replaces each `{name}` with `params[name]`; placeholders without a value stay as they are. */
export function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (placeholder: string, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : placeholder,
  );
}

/**
 * The message `key` in `lang`, interpolated. A key missing from `lang` falls back to
 * the Chinese catalogue, and a key unknown to both falls back to the key itself.
 */
export function translate(lang: Lang, key: string, params?: MessageParams): string {
  const catalogue: Readonly<Record<string, string>> = catalogues[lang];
  const reference: Readonly<Record<string, string>> = catalogues[DEFAULT_LANG];
  const message = Object.hasOwn(catalogue, key)
    ? catalogue[key]
    : Object.hasOwn(reference, key)
      ? reference[key]
      : key;
  return interpolate(message, params);
}

// --- current language -------------------------------------------------------------

function readStoredLang(): Lang {
  try {
    const stored = globalThis.localStorage?.getItem(LANG_STORAGE_KEY);
    return isLang(stored) ? stored : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG; // storage disabled (privacy mode, sandboxed frame)
  }
}

function storeLang(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Not persisted; the choice still holds for this page.
  }
}

function applyDocumentLang(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

let currentLang: Lang = readStoredLang();
const listeners = new Set<() => void>();

export function getLang(): Lang {
  return currentLang;
}

export function setLang(lang: Lang): void {
  if (lang === currentLang) return;
  currentLang = lang;
  storeLang(lang);
  applyDocumentLang(lang);
  for (const listener of listeners) listener();
}

export function subscribeLang(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Translates into the current language. */
export const t: Translate = (key, params) => translate(currentLang, key, params);

// --- React ------------------------------------------------------------------------

export interface I18n {
  t: Translate;
  lang: Lang;
  setLang: (lang: Lang) => void;
}

/** The current language and a `t` bound to it; re-renders when the language changes. */
export function useI18n(): I18n {
  const lang = useSyncExternalStore(subscribeLang, getLang, getLang);
  useEffect(() => applyDocumentLang(lang), [lang]);
  const tr = useCallback<Translate>((key, params) => translate(lang, key, params), [lang]);
  return { t: tr, lang, setLang };
}
