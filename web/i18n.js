/**
 * Page translation from the shared message catalogue (`messages.json`, built by the
 * server from shared/i18n/messages.ts as `{"zh-CN": {...}, "en": {...}}`).
 *
 * Markup: `data-i18n="key"` sets the text, `data-i18n-params='{"n":1}'` fills `{n}`,
 * `data-i18n-strong` renders the parameters in <strong>, `data-i18n-placeholder`,
 * `data-i18n-aria-label` and `data-i18n-title` translate those attributes.
 * The HTML carries the zh-CN text, so the page reads fine before (or without) the catalogue.
 */

export const languages = ['zh-CN', 'en'];
export const defaultLanguage = 'zh-CN';
const STORAGE_KEY = 'aftersales.lang';

let catalogue = null;
let language = defaultLanguage;
/** zh-CN texts found in the HTML, used when the catalogue cannot be loaded. */
const fallback = {};
const listeners = new Set();

/** `en`, `EN-gb`, `zh`, `zh-cn` ... to a supported language, or undefined. */
export function normalizeLanguage(value) {
  const tag = String(value ?? '')
    .trim()
    .toLowerCase();
  if (tag.startsWith('zh')) return 'zh-CN';
  if (tag.startsWith('en')) return 'en';
  return undefined;
}

function storedLanguage() {
  try {
    return normalizeLanguage(localStorage.getItem(STORAGE_KEY));
  } catch {
    return undefined; // storage blocked (private mode, cookies off)
  }
}

function storeLanguage(value) {
  try {
    localStorage.setItem(STORAGE_KEY, value);
  } catch {
    // the URL parameter still carries the choice
  }
}

/** `?lang=`, then what was chosen before, then Chinese. */
function initialLanguage() {
  const fromUrl = normalizeLanguage(new URLSearchParams(location.search).get('lang'));
  return fromUrl ?? storedLanguage() ?? defaultLanguage;
}

export const currentLanguage = () => language;

const templateOf = (key) =>
  catalogue?.[language]?.[key] ?? catalogue?.[defaultLanguage]?.[key] ?? fallback[key] ?? key;

/** The message for `key` in the current language with `{name}` placeholders filled. */
export function t(key, params = {}) {
  return templateOf(key).replace(/\{(\w+)\}/g, (whole, name) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Renders a message into `element`, parameters as <strong> so they stand out (e.g. a reference). */
function renderStrong(element, key, params) {
  const template = templateOf(key);
  const nodes = [];
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    nodes.push(document.createTextNode(template.slice(last, match.index)));
    const strong = document.createElement('strong');
    strong.textContent = match[1] in params ? String(params[match[1]]) : match[0];
    nodes.push(strong);
    last = match.index + match[0].length;
  }
  nodes.push(document.createTextNode(template.slice(last)));
  element.replaceChildren(...nodes);
}

const ATTRIBUTES = [
  ['placeholder', 'i18nPlaceholder'],
  ['aria-label', 'i18nAriaLabel'],
  ['title', 'i18nTitle'],
];

function paramsOf(element) {
  try {
    return JSON.parse(element.dataset.i18nParams ?? '{}');
  } catch {
    return {};
  }
}

/** Translates every marked element under `root` into the current language. */
export function applyTranslations(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    const { i18n: key } = element.dataset;
    if (element.hasAttribute('data-i18n-strong')) renderStrong(element, key, paramsOf(element));
    else element.textContent = t(key, paramsOf(element));
  }
  for (const [attribute, dataKey] of ATTRIBUTES) {
    for (const element of root.querySelectorAll(`[data-i18n-${attribute}]`)) {
      element.setAttribute(attribute, t(element.dataset[dataKey]));
    }
  }
}

function renderPage() {
  document.documentElement.lang = language;
  // Without a catalogue the HTML's own Chinese is already right (and more complete than the fallback).
  if (catalogue !== null) applyTranslations(document);
  const titleKey = document.body.dataset.titleKey;
  document.title = titleKey ? `${t(titleKey)} · ${t('web.title')}` : t('web.title');
  // The switch names the other language, in that language (for screen readers too).
  const other = language === 'en' ? 'zh-CN' : 'en';
  for (const button of document.querySelectorAll('[data-lang-switch]')) {
    button.lang = other;
    button.hidden = catalogue === null;
  }
  // Links between the pages keep the language even where storage is blocked.
  for (const link of document.querySelectorAll('a[data-keep-lang]')) {
    const url = new URL(link.getAttribute('href'), location.href);
    url.searchParams.set('lang', language);
    link.href = url.href;
  }
  for (const listener of listeners) listener(language);
}

/** Switches the UI language; only text changes, so typed input stays where it is. */
export function setLanguage(next) {
  const normalized = normalizeLanguage(next);
  if (!normalized || catalogue === null) return;
  language = normalized;
  storeLanguage(language);
  const url = new URL(location.href);
  url.searchParams.set('lang', language);
  history.replaceState(history.state, '', url);
  renderPage();
}

/** Called after every (re-)render, e.g. to redraw error messages or the success panel. */
export function onLanguageChange(listener) {
  listeners.add(listener);
}

async function loadCatalogue() {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const response = await fetch(new URL('messages.json', location.href), { cache: 'no-cache' });
      if (response.ok) return await response.json();
    } catch {
      // retried once, then the page stays in the Chinese of its HTML
    }
  }
  return null;
}

/** Loads the catalogue, picks the language, translates the page and wires the switch. */
export async function initI18n() {
  for (const element of document.querySelectorAll('[data-i18n]')) {
    fallback[element.dataset.i18n] ??= element.textContent.trim();
  }
  const loaded = await loadCatalogue();
  if (loaded && typeof loaded === 'object' && loaded[defaultLanguage]) {
    catalogue = loaded;
    language = initialLanguage();
  } else {
    language = defaultLanguage;
  }
  for (const button of document.querySelectorAll('[data-lang-switch]')) {
    button.addEventListener('click', () => setLanguage(language === 'en' ? 'zh-CN' : 'en'));
  }
  renderPage();
}
