import { catalogue, type MessageKey } from '../../../shared/i18n/messages.ts';
import type { Language } from '../../../shared/i18n/translate.ts';

export type { MessageKey };

const STORAGE_KEY = 'aftersales.console.lang';

/** Chinese by default; English when chosen (remembered in this browser). */
export function currentLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}

/** A message of the one catalogue in the current language, `{name}` placeholders filled. */
export function t(key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  const template: string = catalogue[currentLanguage()][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** True when `key` is in the catalogue (labels built from data, such as `report.cause.<value>`). */
export const hasMessage = (key: string): key is MessageKey => key in catalogue['zh-CN'];

/** The label of a data value when the catalogue has one (`prefix.value`), else the value itself. */
export const label = (prefix: string, value: string): string => {
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? t(key) : value;
};

export const formatDateTime = (iso: string | undefined): string =>
  iso ? new Date(iso).toLocaleString(currentLanguage(), { timeZone: 'Asia/Shanghai', hour12: false }) : '';
