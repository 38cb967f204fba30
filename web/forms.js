/**
 * The public forms: builds the JSON body from the form (input `name`s are the dotted
 * body paths), checks the obvious mistakes locally, posts to the API with an
 * Idempotency-Key, shows problem+json field errors next to their inputs, and replaces
 * the form with a success panel. Loaded by every page; pages without a form only get
 * translated.
 *
 * Markup conventions (see complaint.html; the parts the pages share are built by fragments.js):
 *   form[data-endpoint]           POST target, e.g. /v1/complaints
 *   .field                        one question: label or legend, optional .hint, control(s)
 *   .label-text                   the question's name, used in the error summary
 *   data-type="integer"           sent as a number
 *   data-type="lines"             textarea, one value a line, sent as an array
 *   data-type="list"              several inputs with one name, sent as an array of the filled ones
 *   data-one-of="group"           at least one input of the group must be filled;
 *   data-one-of-error="field.key" the input of the group that carries that error
 *   data-max="today" / data-min="today"  date limits for the picker
 */
import { renderFragments } from './fragments.js';
import { applyTranslations, currentLanguage, initI18n, onLanguageChange, t, translate } from './i18n.js';

const REQUEST_TIMEOUT_MS = 30_000;
/** Retries of "busy" answers (409 in progress, 503) with the same key, after Retry-After. */
const MAX_BUSY_RETRIES = 2;
const WARRANTY_STATUSES = ['free', 'chargeable', 'unknown'];

/** Same origin unless `<meta name="aftersales-api" content="https://...">` names another. */
function apiBase() {
  const content = document.querySelector('meta[name="aftersales-api"]')?.getAttribute('content') ?? '';
  return content.trim().replace(/\/+$/, '');
}

/** crypto.randomUUID needs a secure context (https, localhost); plain http gets the same from getRandomValues. */
function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const pad = (n) => String(n).padStart(2, '0');
const todayIso = () => {
  const now = new Date();
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `2026-11-27` as a long date in the UI language; anything else unchanged. */
function formatDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!match) return iso ?? '';
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  const locale = currentLanguage() === 'en' ? 'en-GB' : 'zh-CN';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

function setPath(target, path, value) {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part];
  }
  node[parts.at(-1)] = value;
}

const isControl = (element) =>
  element.name && !element.disabled && !['FIELDSET', 'BUTTON', 'OUTPUT'].includes(element.tagName);

/**
 * The request body: trimmed values at their dotted paths, empty ones left out.
 * `origins` maps each array item back to its input (and textarea line) for error messages.
 */
function buildBody(form) {
  const body = {};
  const origins = {};
  const lists = new Map();
  for (const element of form.elements) {
    if (!isControl(element)) continue;
    if ((element.type === 'radio' || element.type === 'checkbox') && !element.checked) continue;
    const { name } = element;
    const { type } = element.dataset;
    if (type === 'lines') {
      const values = [];
      origins[name] = [];
      element.value.split(/\r?\n/).forEach((text, index) => {
        const value = text.trim();
        if (!value) return;
        values.push(value);
        origins[name].push({ element, line: index + 1 });
      });
      if (values.length > 0) setPath(body, name, values);
      continue;
    }
    const value = element.value.trim();
    if (type === 'list') {
      if (!lists.has(name)) lists.set(name, { values: [], origins: [] });
      if (!value) continue;
      lists.get(name).values.push(value);
      lists.get(name).origins.push({ element });
      continue;
    }
    if (value === '') continue;
    setPath(body, name, type === 'integer' ? Number(value) : value);
  }
  for (const [name, list] of lists) {
    origins[name] = list.origins;
    if (list.values.length > 0) setPath(body, name, list.values);
  }
  return { body, origins };
}

const isHttpUrl = (text) => {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
};

/** The mistakes worth catching before a round trip; the API checks everything again. */
function validate(form) {
  const items = [];
  const add = (element, key, params = {}, line = undefined) => items.push({ element, key, params, line });
  const radioGroups = new Set();
  const oneOf = new Map();
  for (const element of form.elements) {
    if (!isControl(element) || element.closest('[aria-hidden="true"]')) continue;
    const { validity, dataset } = element;
    if (dataset.oneOf) {
      if (!oneOf.has(dataset.oneOf)) oneOf.set(dataset.oneOf, []);
      oneOf.get(dataset.oneOf).push(element);
    }
    if (element.type === 'radio') {
      if (element.required && !radioGroups.has(element.name)) {
        radioGroups.add(element.name);
        const group = [...form.elements].filter((e) => e.type === 'radio' && e.name === element.name);
        if (!group.some((e) => e.checked)) add(element, 'field.required');
      }
      continue;
    }
    if (validity.badInput) {
      // e.g. a half-filled date, or letters in a number field
      add(element, element.type === 'date' ? 'field.invalidDate' : 'field.invalidFormat');
    } else if (element.required && element.value.trim() === '') {
      add(element, 'field.required');
    } else if (element.type === 'email' && validity.typeMismatch) {
      add(element, 'field.invalidEmail');
    } else if (element.type === 'number' && validity.stepMismatch) {
      add(element, 'field.notInteger');
    } else if (element.type === 'number' && validity.rangeUnderflow) {
      add(element, 'field.tooSmall', { minimum: element.min });
    } else if (element.type === 'number' && validity.rangeOverflow) {
      add(element, 'field.tooLarge', { maximum: element.max });
    } else if (element.type === 'date' && dataset.max === 'today' && validity.rangeOverflow) {
      add(element, 'field.dateInFuture');
    } else if (dataset.type === 'lines') {
      const lines = element.value.split(/\r?\n/);
      const filled = lines.filter((text) => text.trim() !== '').length;
      const maximum = Number(dataset.maxItems);
      if (maximum && filled > maximum) add(element, 'field.tooManyItems', { maximum });
      lines.forEach((text, index) => {
        if (text.trim() !== '' && !isHttpUrl(text.trim())) add(element, 'field.invalidUrl', {}, index + 1);
      });
    }
  }
  for (const group of oneOf.values()) {
    if (group.every((element) => element.value.trim() === '')) {
      const carrier = group.find((element) => element.dataset.oneOfError) ?? group[0];
      if (!items.some((item) => item.element === carrier)) {
        add(carrier, carrier.dataset.oneOfError ?? 'field.required');
      }
    }
  }
  return items;
}

/** Offsets of a 1-based line of a textarea, to select it when its error is followed. */
function lineRange(text, line) {
  const lines = text.split('\n');
  const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
  return [start, start + (lines[line - 1]?.length ?? 0)];
}

const precedes = (a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);

class CaseForm {
  constructor(form) {
    this.form = form;
    this.endpoint = form.dataset.endpoint;
    this.summary = form.querySelector('[data-error-summary]');
    this.submitButton = form.querySelector('button[type="submit"]');
    this.success = document.getElementById(form.dataset.success);
    this.sending = false;
    /** `{ title | titleKey, params, items: [{ field | element, message | key, params, line }] }` */
    this.errors = null;
    this.result = null;
    this.origins = {};
    this.describedBy = new Set();
    this.newFill();
    this.setDateLimits();

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.summary.addEventListener('click', (event) => this.followErrorLink(event));
    this.success?.querySelector('[data-action="again"]')?.addEventListener('click', () => this.again());
    onLanguageChange(() => this.rerender());
  }

  /**
   * One fill of the form, one Idempotency-Key: retries of the same fill reuse it, so a
   * double click or a retry after a lost answer cannot create a second case.
   * Once an attempt's outcome is unknown (network error, 5xx), later attempts keep the
   * language of that attempt so the body stays identical to what may have been stored.
   */
  newFill() {
    this.fill = { key: newIdempotencyKey(), pinnedLanguage: null };
  }

  setDateLimits() {
    const today = todayIso();
    for (const input of this.form.querySelectorAll('input[type="date"]')) {
      if (input.dataset.max === 'today') input.max = today;
      if (input.dataset.min === 'today') input.min = today;
    }
  }

  async submit() {
    if (this.sending) return;
    const { body, origins } = buildBody(this.form);
    this.origins = origins;
    const problems = validate(this.form);
    if (problems.length > 0) {
      this.showErrors({ titleKey: 'web.error.summary', params: { count: problems.length }, items: problems });
      return;
    }
    const language = this.fill.pinnedLanguage ?? currentLanguage();
    body.submitter = { ...body.submitter, language };
    this.setSending(true);
    try {
      const outcome = await this.send(body);
      this.handle(outcome, body, language);
    } finally {
      this.setSending(false);
    }
  }

  async send(body) {
    const init = {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, application/problem+json',
        'Accept-Language': currentLanguage(),
        'Idempotency-Key': this.fill.key,
      },
      body: JSON.stringify(body),
    };
    for (let attempt = 0; ; attempt += 1) {
      let response;
      let data = null;
      try {
        const signal = AbortSignal.timeout ? AbortSignal.timeout(REQUEST_TIMEOUT_MS) : undefined;
        response = await fetch(`${apiBase()}${this.endpoint}`, { ...init, signal });
        if (/json/i.test(response.headers.get('Content-Type') ?? '')) data = await response.json();
      } catch {
        if (!response) return { kind: 'network' };
        // a body that is not JSON after all: judged by its status below
      }
      const busy =
        response.status === 503 ||
        (response.status === 409 && String(data?.type ?? '').includes('idempotency-in-progress'));
      if (busy && attempt < MAX_BUSY_RETRIES) {
        const seconds = Number(response.headers.get('Retry-After'));
        await sleep(Math.min(Number.isFinite(seconds) && seconds > 0 ? seconds : 1, 5) * 1000);
        continue;
      }
      return { kind: 'response', status: response.status, data, language: init.headers['Accept-Language'] };
    }
  }

  handle(outcome, body, language) {
    if (outcome.kind === 'network') {
      this.fill.pinnedLanguage ??= language;
      this.showErrors({ titleKey: 'web.error.network', items: [] });
      return;
    }
    const { status, data } = outcome;
    if (status >= 200 && status < 300) {
      this.showSuccess({
        reference: status === 202 ? null : (data?.reference ?? null),
        warranty: status === 202 ? null : (data?.warranty ?? null),
        hasEmail: body.submitter?.email !== undefined,
        language: outcome.language,
      });
      return;
    }
    // Outcome unknown: the case may exist, so keep the body as it was sent.
    if (status >= 500 || status === 408 || status === 409 || status === 429)
      this.fill.pinnedLanguage ??= language;
    if (String(data?.type ?? '').includes('idempotency-mismatch')) {
      this.showErrors({ titleKey: 'web.error.duplicate', items: [] });
    } else if (data && typeof data.title === 'string') {
      const items = Array.isArray(data.errors)
        ? data.errors.map((error) => ({
            field: String(error.field ?? ''),
            message: String(error.message ?? ''),
          }))
        : [];
      this.showErrors({ title: data.title, items });
    } else {
      this.showErrors({ titleKey: 'web.error.unexpected', params: { status }, items: [] });
    }
  }

  setSending(sending) {
    this.sending = sending;
    this.submitButton.disabled = sending;
    this.submitButton.dataset.i18n = sending ? 'web.submitting' : 'web.submit';
    translate(this.submitButton);
    this.form.setAttribute('aria-busy', String(sending));
  }

  // ---- errors ------------------------------------------------------------------

  showErrors(errors) {
    this.errors = errors;
    this.renderErrors();
    this.summary.focus();
  }

  /** The input named by a dotted path: exact name, else the nearest parent path, else the first child. */
  control(path) {
    const named = [...this.form.elements].filter((e) => isControl(e) && !e.closest('[aria-hidden="true"]'));
    for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      const match =
        named.find((e) => e.name === p && (e.type !== 'radio' || e.checked)) ??
        named.find((e) => e.name === p) ??
        named.find((e) => e.name.startsWith(`${p}.`));
      if (match) return match;
    }
    return null;
  }

  /** Where an error belongs: input, its .field, the line or list item, and its wording. */
  resolve(item) {
    let { element = null, line } = item;
    // An error about one item of a list (a date input), not about the list as a whole.
    let listItem = element !== null;
    if (!element && item.field) {
      const parts = item.field.split('.');
      const last = parts.at(-1);
      if (/^\d+$/.test(last) && parts.length > 1) {
        const base = parts.slice(0, -1).join('.');
        const origin = this.origins[base]?.[Number(last)];
        element = origin?.element ?? this.control(base);
        line = origin?.line;
        listItem = origin !== undefined;
      } else {
        element = this.control(item.field);
      }
    }
    let message = item.key ? t(item.key, item.params) : item.message;
    if (line) message = t('web.error.line', { line, message });
    if (listItem && element?.dataset.type === 'list') {
      const label = element.labels?.[0]?.querySelector('.label-text')?.textContent.trim();
      if (label) message = t('web.error.item', { label, message });
    }
    const wrapper = element?.closest('.field') ?? null;
    // Without an input to point at, the path itself is the best name there is (e.g. `channel`).
    const label = wrapper?.querySelector('.label-text')?.textContent.trim() ?? (element ? '' : item.field);
    return {
      element,
      line,
      wrapper,
      message,
      summary: label && label !== 'body' ? t('web.error.item', { label, message }) : message,
    };
  }

  clearFieldErrors() {
    for (const element of this.form.querySelectorAll('[aria-invalid]'))
      element.removeAttribute('aria-invalid');
    for (const element of this.form.querySelectorAll('.field-error')) element.remove();
    for (const element of this.form.querySelectorAll('.has-error')) element.classList.remove('has-error');
    for (const element of this.describedBy) {
      const ids = (element.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .filter((id) => !id.endsWith('-error'));
      if (ids.length > 0) element.setAttribute('aria-describedby', ids.join(' '));
      else element.removeAttribute('aria-describedby');
    }
    this.describedBy.clear();
  }

  /** The error text element of a .field, placed after its label and hint. */
  errorElement(wrapper, element) {
    let box = wrapper.querySelector(':scope > .field-error');
    if (box) return box;
    box = document.createElement('p');
    box.className = 'field-error';
    box.id = `${wrapper.id || element.id || element.name.replaceAll('.', '-')}-error`;
    const anchor = [...wrapper.children].filter((child) => child.matches('label, legend, .hint')).at(-1);
    if (anchor) anchor.after(box);
    else wrapper.prepend(box);
    return box;
  }

  renderErrors() {
    this.clearFieldErrors();
    const { errors } = this;
    if (!errors) {
      this.summary.hidden = true;
      this.summary.replaceChildren();
      return;
    }
    const resolved = errors.items.map((item) => this.resolve(item));
    resolved.sort((a, b) => {
      if (a.element && b.element)
        return a.element === b.element ? (a.line ?? 0) - (b.line ?? 0) : precedes(a.element, b.element);
      return a.element ? -1 : b.element ? 1 : 0;
    });

    for (const { element, wrapper, message } of resolved) {
      if (!element || !wrapper) continue;
      const box = this.errorElement(wrapper, element);
      const text = document.createElement('span');
      text.textContent = message;
      box.append(text);
      wrapper.classList.add('has-error');
      const targets =
        element.type === 'radio'
          ? [...this.form.elements].filter((e) => e.type === 'radio' && e.name === element.name)
          : [element];
      for (const target of targets) {
        target.setAttribute('aria-invalid', 'true');
        const ids = (target.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
        if (!ids.includes(box.id)) target.setAttribute('aria-describedby', [...ids, box.id].join(' '));
        this.describedBy.add(target);
      }
    }

    const heading = document.createElement('h2');
    heading.textContent = errors.titleKey ? t(errors.titleKey, errors.params) : errors.title;
    const content = [heading];
    if (resolved.length > 0) {
      const list = document.createElement('ul');
      for (const { element, line, summary } of resolved) {
        const entry = document.createElement('li');
        if (element?.id) {
          const link = document.createElement('a');
          link.href = `#${element.id}`;
          link.dataset.target = element.id;
          if (line) link.dataset.line = String(line);
          link.textContent = summary;
          entry.append(link);
        } else {
          entry.textContent = summary;
        }
        list.append(entry);
      }
      content.push(list);
    }
    this.summary.replaceChildren(...content);
    this.summary.hidden = false;
  }

  followErrorLink(event) {
    const link = event.target.closest('a[data-target]');
    if (!link) return;
    event.preventDefault();
    const element = document.getElementById(link.dataset.target);
    if (!element) return;
    (element.closest('.field') ?? element).scrollIntoView({ block: 'start' });
    element.focus({ preventScroll: true });
    if (link.dataset.line && typeof element.setSelectionRange === 'function') {
      element.setSelectionRange(...lineRange(element.value, Number(link.dataset.line)));
    }
  }

  // ---- success -----------------------------------------------------------------

  showSuccess(result) {
    this.result = result;
    this.errors = null;
    this.renderErrors();
    this.form.hidden = true;
    this.renderSuccess();
    this.success.hidden = false;
    this.success.focus();
  }

  renderSuccess() {
    const { result, success: panel } = this;
    if (!result || !panel) return;
    const part = (name) => panel.querySelector(`[data-success="${name}"]`);
    const reference = part('reference');
    if (reference) {
      reference.hidden = !result.reference;
      reference.dataset.i18nParams = JSON.stringify({ reference: result.reference ?? '' });
    }
    if (part('email')) part('email').hidden = !result.hasEmail;
    if (part('phone')) part('phone').hidden = result.hasEmail;

    const box = part('warranty');
    const { warranty } = result;
    if (box) {
      box.hidden = !warranty;
      if (warranty) {
        const status = WARRANTY_STATUSES.includes(warranty.status) ? warranty.status : 'unknown';
        box.dataset.status = status;
        // The API worded it in the language of the request; after a switch, the catalogue's wording.
        part('warranty-message').textContent =
          warranty.message && result.language === currentLanguage()
            ? warranty.message
            : t(`warranty.${status}`);
        for (const [name, date] of [
          ['coverage', warranty.coverageStartsOn],
          ['free-until', warranty.freeRepairEndsOn],
        ]) {
          part(name).hidden = !date;
          part(name).dataset.i18nParams = JSON.stringify({ date: formatDate(date) });
        }
      }
    }
    applyTranslations(panel);
  }

  /** Another submission: a new fill with a new key; the contact details stay filled in. */
  again() {
    const kept = [...this.form.elements]
      .filter((e) => isControl(e) && e.name.startsWith('submitter.'))
      .map((e) => [e, e.value]);
    this.form.reset();
    for (const [element, value] of kept) element.value = value;
    this.newFill();
    this.result = null;
    this.errors = null;
    this.origins = {};
    this.renderErrors();
    this.success.hidden = true;
    this.form.hidden = false;
    const first = [...this.form.elements].find(
      (e) => isControl(e) && !e.name.startsWith('submitter.') && !e.closest('[aria-hidden="true"]'),
    );
    (first ?? this.form.elements[0])?.focus();
  }

  rerender() {
    if (this.errors) this.renderErrors();
    if (this.result) this.renderSuccess();
  }
}

// The shared parts first, then the forms, so an early click never falls back to a native submission.
renderFragments(document);
for (const form of document.querySelectorAll('form[data-endpoint]')) new CaseForm(form);
await initI18n();
