/**
 * Page translation from the shared message catalogue (`messages.json`, built by the
 * server from shared/i18n/messages.ts as `{"zh-CN": {...}, "en": {...}}`).
 *
 * Markup: `data-i18n="key"` sets the text, `data-i18n-params='{"n":1}'` fills `{n}`,
 * `data-i18n-strong` renders the parameters in <strong>, `data-i18n-placeholder`,
 * `data-i18n-aria-label` and `data-i18n-title` translate those attributes.
 * The HTML carries the zh-CN text of its own parts, so they read fine before the catalogue
 * loads; the parts fragments.js builds carry only keys. Should the catalogue not load, a
 * notice says so, and every element keeps the text its HTML gave it (or shows its key).
 */

export const languages = ['zh-CN', 'en'];
export const defaultLanguage = 'zh-CN';
const STORAGE_KEY = 'aftersales.lang';

let catalogue = null;
let language = defaultLanguage;
/** Element -> `{ key, text }`: the text its HTML gave it, shown when the catalogue is missing. */
const inlineTexts = new WeakMap();
const listeners = new Set();
/** The only wording kept in a script: it says that the catalogue itself could not be loaded. */
const LOAD_FAILED = '页面文字加载失败，请刷新。/ Could not load the page text; please reload.';

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

const catalogueText = (key) => catalogue?.[language]?.[key] ?? catalogue?.[defaultLanguage]?.[key];

/**
 * The template of `key`: the catalogue's; without it, the element's own HTML text for that
 * key; else the key itself, followed by the parameters so that none is lost (a reference).
 */
function templateOf(key, params, element) {
  const inline = element && inlineTexts.get(element);
  return (
    catalogueText(key) ??
    (inline?.key === key ? inline.text : undefined) ??
    [key, ...Object.keys(params).map((name) => `{${name}}`)].join(' ')
  );
}

const fill = (template, params) =>
  template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));

/** The message for `key` in the current language with `{name}` placeholders filled. */
export function t(key, params = {}) {
  return fill(templateOf(key, params), params);
}

/** Renders a template into `element`, parameters as <strong> so they stand out (e.g. a reference). */
function renderStrong(element, template, params) {
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

/** Writes the message of `element`'s `data-i18n` key (and its `data-i18n-params`) into it. */
export function translate(element) {
  const { i18n: key } = element.dataset;
  const params = paramsOf(element);
  const template = templateOf(key, params, element);
  if (element.hasAttribute('data-i18n-strong')) renderStrong(element, template, params);
  else element.textContent = fill(template, params);
}

/** Translates every marked element under `root` into the current language. */
export function applyTranslations(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) translate(element);
  for (const [attribute, dataKey] of ATTRIBUTES) {
    for (const element of root.querySelectorAll(`[data-i18n-${attribute}]`)) {
      // Without the catalogue, the value the HTML gave stays.
      const text = catalogueText(element.dataset[dataKey]);
      if (text !== undefined) element.setAttribute(attribute, text);
    }
  }
}

function renderPage() {
  document.documentElement.lang = language;
  applyTranslations(document);
  const titleKey = document.body.dataset.titleKey;
  // Without the catalogue, the HTML's <title> stays.
  if (catalogue !== null) document.title = titleKey ? `${t(titleKey)} · ${t('web.title')}` : t('web.title');
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
      // retried once, then the page says so (see showLoadFailure)
    }
  }
  return null;
}

/** One bilingual line at the top of the page; the form stays usable with the text it has. */
function showLoadFailure() {
  const notice = document.createElement('p');
  notice.className = 'notice';
  notice.setAttribute('role', 'alert');
  notice.textContent = LOAD_FAILED;
  (document.getElementById('main') ?? document.body).prepend(notice);
}

/**
 * Loads the catalogue, picks the language, translates the page and wires the switch.
 * Call it once the page's elements are in place (fragments rendered) and before any input:
 * it first notes the text each element's HTML gives it.
 */
export async function initI18n() {
  for (const element of document.querySelectorAll('[data-i18n]')) {
    const text = element.textContent.trim();
    if (text) inlineTexts.set(element, { key: element.dataset.i18n, text });
  }
  const loaded = await loadCatalogue();
  if (loaded && typeof loaded === 'object' && loaded[defaultLanguage]) {
    catalogue = loaded;
    language = initialLanguage();
  } else {
    language = defaultLanguage;
    showLoadFailure();
  }
  for (const button of document.querySelectorAll('[data-lang-switch]')) {
    button.addEventListener('click', () => setLanguage(language === 'en' ? 'zh-CN' : 'en'));
  }
  renderPage();
}
