/**
 * The pages customers reach from survey emails: survey.html (CSAT, NPS), follow-up.html
 * (回访 check-in, warranty-inspection offer) and unsubscribe.html. The page kind is
 * `<body data-feedback="survey|followUp|unsubscribe">`; the signed token is `?token=`.
 *
 * Links are only followed by this script. Mail scanners and link previews fetch every URL of
 * an email (GET), and some do it before the customer opens it: a GET of these pages (or of
 * GET /v1/surveys/{token}) must never answer anything. So the one-click score of the email
 * (`&score=5`), a one-click follow-up (`&status=fine`) and unsubscribing are POSTed from here,
 * once a browser has run the page, and never by the server on a GET.
 *
 * Texts are catalogue keys (`data-i18n`), so switching the language redraws them; what the
 * customer wrote, and what the API returns, is only ever set as text (textContent, or a
 * `data-i18n-params` value that i18n.js writes as text), never as HTML.
 */
import { applyTranslations, currentLanguage, initI18n, onLanguageChange, setLanguage, t } from './i18n.js';

const REQUEST_TIMEOUT_MS = 30_000;
const ERROR_KEYS = {
  403: 'feedback.error.invalid',
  404: 'feedback.error.notFound',
  410: 'feedback.error.expired',
};
/** The label of each follow-up answer. */
const CHOICE_KEYS = {
  fine: 'feedback.checkIn.fine',
  problem: 'feedback.checkIn.problem',
  inspectionWanted: 'feedback.inspection.inspectionWanted',
  noInspection: 'feedback.inspection.noInspection',
};
const CASE_KIND_KEYS = { serviceRequest: 'kind.serviceRequest', complaint: 'kind.complaint' };

const params = new URLSearchParams(location.search);
const token = params.get('token') ?? '';
const main = document.getElementById('main');
const content = document.querySelector('[data-content]');
const alertBox = document.querySelector('[data-alert]');

/** Same origin unless `<meta name="aftersales-api" content="https://...">` names another. */
function apiBase() {
  const value = document.querySelector('meta[name="aftersales-api"]')?.getAttribute('content') ?? '';
  return value.trim().replace(/\/+$/, '');
}

/** An element; `text` keys become `data-i18n`, `i18nParams` its parameters (written as text). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'text') element.dataset.i18n = value;
    else if (name === 'i18nParams') element.dataset.i18nParams = JSON.stringify(value);
    else if (name === 'strong') element.toggleAttribute('data-i18n-strong', true);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/** `{ status, data }`; status 0 when the network failed. */
async function call(method, path, body) {
  const headers = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': currentLanguage(),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const signal = AbortSignal.timeout ? AbortSignal.timeout(REQUEST_TIMEOUT_MS) : undefined;
    const response = await fetch(`${apiBase()}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal,
    });
    const data = /json/i.test(response.headers.get('Content-Type') ?? '') ? await response.json() : null;
    return { status: response.status, data };
  } catch {
    return { status: 0, data: null };
  }
}

const tokenPath = (collection, suffix = '') => `/v1/${collection}/${encodeURIComponent(token)}${suffix}`;

/** Shows one catalogue message (or the server's own words) in the alert region. */
function showAlert(message) {
  if (!message) {
    alertBox.hidden = true;
    alertBox.replaceChildren();
    return;
  }
  const textOf = (text) => {
    const paragraph = h('p');
    paragraph.textContent = text;
    return paragraph;
  };
  const first = message.key
    ? h('p', { text: message.key, i18nParams: message.params })
    : textOf(message.text);
  alertBox.replaceChildren(first, ...(message.lines ?? []).map(textOf));
  applyTranslations(alertBox);
  alertBox.hidden = false;
  alertBox.focus();
}

/** A link that cannot be used: the reason, and nothing else on the page. */
function showFailure(result) {
  render();
  showAlert(failure(result));
}

/** The message for a failed answer: link problems by status, field problems as the server worded them. */
function failure({ status, data }) {
  if (status === 0) return { key: 'web.error.network' };
  if (ERROR_KEYS[status]) return { key: ERROR_KEYS[status] };
  if (status === 422 && data && Array.isArray(data.errors)) {
    return { text: String(data.title ?? ''), lines: data.errors.map((e) => String(e.message ?? '')) };
  }
  if (data && typeof data.title === 'string' && status < 500) return { text: data.title };
  return { key: 'web.error.unexpected', params: { status } };
}

/** The customer's language from the survey, once, unless the URL chose one (a later switch stays). */
let languageSettled = params.has('lang');
function useLanguageOf(view) {
  if (languageSettled || !view?.language) return;
  languageSettled = true;
  setLanguage(view.language);
}

/** The one-click parameters go once used: reloading the page then shows the answer, not a second post. */
function forgetOneClick(...names) {
  const url = new URL(location.href);
  for (const name of names) url.searchParams.delete(name);
  history.replaceState(history.state, '', url);
}

function render(...children) {
  content.replaceChildren(...children);
  applyTranslations(content);
}

const heading = (key, params = {}) => h('h2', { text: key, i18nParams: params, tabindex: '-1' });

function focusHeading() {
  content.querySelector('h2')?.focus();
}

const organizationLine = (view) =>
  h('p', {
    class: 'subtitle',
    text: 'feedback.organization',
    i18nParams: { organization: view.organization },
  });

// ---- survey.html --------------------------------------------------------------------------

function scoreQuestion(view) {
  if (view.kind === 'nps')
    return h('p', { class: 'question', id: 'question', text: 'feedback.nps.question' });
  return view.caseReference
    ? h('p', {
        class: 'question',
        id: 'question',
        text: 'feedback.csat.question',
        i18nParams: { reference: view.caseReference },
        strong: true,
      })
    : h('p', { class: 'question', id: 'question', text: 'feedback.csat.questionGeneral' });
}

function scoreScale(view, onPick) {
  const buttons = [];
  for (let score = view.scale.min; score <= view.scale.max; score += 1) {
    const button = h('button', { type: 'button', class: 'score', 'data-score': score });
    button.textContent = String(score);
    button.addEventListener('click', () => onPick(score, buttons));
    buttons.push(button);
  }
  const low = view.kind === 'nps' ? 'feedback.nps.low' : 'feedback.csat.low';
  const high = view.kind === 'nps' ? 'feedback.nps.high' : 'feedback.csat.high';
  return h(
    'div',
    { class: 'scale-block' },
    h('div', { class: 'scale', role: 'group', 'aria-labelledby': 'question' }, ...buttons),
    h('p', { class: 'scale-ends' }, h('span', { text: low }), h('span', { text: high })),
  );
}

function showScale(view) {
  render(
    organizationLine(view),
    scoreQuestion(view),
    scoreScale(view, async (score, buttons) => {
      for (const button of buttons) button.disabled = true;
      const answered = await answerSurvey(score);
      if (!answered) for (const button of buttons) button.disabled = false;
    }),
  );
}

/** Posts a score; true when the page moved on (thanks, or the earlier answer). */
async function answerSurvey(score) {
  const result = await call('POST', tokenPath('surveys'), { score });
  forgetOneClick('score');
  if (result.status === 200) {
    showAlert(null);
    showSurveyAnswer(result.data, false);
    return true;
  }
  if (result.status === 409 && result.data?.survey) {
    showAlert(null);
    showSurveyAnswer(result.data.survey, true);
    return true;
  }
  showAlert(failure(result));
  return false;
}

/** Thanks (or "answered before, thank you") with the score, and the comment box while there is no comment. */
function showSurveyAnswer(view, before) {
  useLanguageOf(view);
  const { answer } = view;
  const parts = [
    heading(before ? 'feedback.problem.answered' : 'feedback.thanks.title'),
    organizationLine(view),
    h('p', {
      class: 'reference',
      text: 'feedback.thanks.score',
      i18nParams: { score: answer.score },
      strong: true,
    }),
  ];
  if (view.callBack) parts.push(h('p', { text: 'feedback.thanks.lowScore' }));
  if (answer.comment !== undefined) {
    parts.push(
      h('p', { class: 'quote', text: 'feedback.answered.comment', i18nParams: { comment: answer.comment } }),
    );
  } else {
    parts.push(commentForm());
  }
  render(h('section', { class: 'success', 'data-answered': true }, ...parts));
  focusHeading();
}

function commentForm() {
  const textarea = h('textarea', { id: 'f-comment', name: 'comment', rows: 4, maxlength: 2000 });
  const submit = h('button', { type: 'submit', class: 'button primary', text: 'feedback.comment.submit' });
  const form = h(
    'form',
    { class: 'comment-form', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h(
        'label',
        { for: 'f-comment' },
        h('span', { class: 'label-text', text: 'feedback.comment.label' }),
        ' ',
        h('span', { class: 'optional', text: 'web.optional' }),
      ),
      textarea,
    ),
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const comment = textarea.value.trim();
    if (!comment) {
      textarea.focus();
      return;
    }
    submit.disabled = true;
    const result = await call('POST', tokenPath('surveys', '/comment'), { comment });
    submit.disabled = false;
    if (result.status === 200) {
      showAlert(null);
      const saved = h('p', { class: 'saved', role: 'status', text: 'feedback.comment.saved' });
      const quote = h('p', { class: 'quote', text: 'feedback.answered.comment', i18nParams: { comment } });
      form.replaceWith(saved, quote);
      applyTranslations(content);
    } else {
      showAlert(failure(result));
    }
  });
  return form;
}

async function surveyPage() {
  const oneClick = params.get('score');
  if (oneClick !== null && /^\d{1,2}$/.test(oneClick)) {
    // From the email: the score was the click. Stored now; the scale shows only if it was refused
    // (e.g. out of range, with the reason above it).
    if (await answerSurvey(Number(oneClick))) return;
  }
  const result = await call('GET', tokenPath('surveys'));
  if (result.status !== 200) {
    // After a refused one-click answer the alert already says why (the link, most likely).
    if (alertBox.hidden) showFailure(result);
    else render();
    return;
  }
  useLanguageOf(result.data);
  if (result.data.status === 'answered') showSurveyAnswer(result.data, true);
  else showScale(result.data);
}

// ---- follow-up.html -----------------------------------------------------------------------

const followUpQuestionKey = (view) =>
  view.kind === 'warrantyInspection' ? 'feedback.inspection.question' : 'feedback.checkIn.question';

const field = (id, labelKey, control, optional = false) =>
  h(
    'div',
    { class: 'field' },
    h(
      'label',
      { for: id },
      h('span', { class: 'label-text', text: labelKey }),
      ...(optional ? [' ', h('span', { class: 'optional', text: 'web.optional' })] : []),
    ),
    control,
  );

function radio(name, value, labelKey, checked) {
  const id = `f-${name}-${value}`;
  return h(
    'label',
    { class: 'choice', for: id },
    h('input', { id, name, type: 'radio', value, checked }),
    h('span', { text: labelKey }),
  );
}

function followUpForm(view, preselected) {
  const choices = h(
    'fieldset',
    { class: 'field' },
    h('legend', {}, h('span', { class: 'label-text question', text: followUpQuestionKey(view) })),
    h(
      'div',
      { class: 'choices' },
      ...view.choices.map((c) => radio('status', c, CHOICE_KEYS[c], c === preselected)),
    ),
  );
  const problem = h('textarea', { id: 'f-problem', name: 'problem', rows: 4, maxlength: 2000 });
  const productName = h('input', { id: 'f-productName', name: 'productName', type: 'text', maxlength: 200 });
  const wants = h(
    'fieldset',
    { class: 'field' },
    h('legend', {}, h('span', { class: 'label-text', text: 'feedback.form.wants' })),
    h(
      'div',
      { class: 'choices' },
      radio('wants', 'repair', 'feedback.form.repair', true),
      radio('wants', 'complaint', 'feedback.form.complaint', false),
    ),
  );
  const problemPart = h(
    'div',
    { class: 'problem-part' },
    field('f-problem', 'feedback.form.problem', problem),
    field('f-productName', 'feedback.form.productName', productName, true),
    wants,
  );
  const commentBox = h('textarea', { id: 'f-comment', name: 'comment', rows: 3, maxlength: 2000 });
  const submit = h('button', { type: 'submit', class: 'button primary', text: 'web.submit' });
  const form = h(
    'form',
    { class: 'follow-up-form', novalidate: true },
    choices,
    problemPart,
    field('f-comment', 'feedback.form.comment', commentBox, true),
    h('div', { class: 'actions' }, submit),
  );
  const chosen = () => form.querySelector('input[name="status"]:checked')?.value;
  const sync = () => {
    problemPart.hidden = chosen() !== 'problem';
  };
  form.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = chosen();
    if (!status) {
      form.querySelector('input[name="status"]')?.focus();
      return;
    }
    const body = { status };
    const text = (element) => element.value.trim();
    if (status === 'problem') {
      if (!text(problem)) {
        problem.focus();
        return;
      }
      body.problem = text(problem);
      if (text(productName)) body.productName = text(productName);
      body.wants = form.querySelector('input[name="wants"]:checked')?.value ?? 'repair';
    }
    if (text(commentBox)) body.comment = text(commentBox);
    submit.disabled = true;
    const done = await answerFollowUp(body);
    if (!done) submit.disabled = false;
  });
  return form;
}

async function answerFollowUp(body) {
  const result = await call('POST', tokenPath('follow-ups'), body);
  forgetOneClick('status');
  if (result.status === 200) {
    showAlert(null);
    showFollowUpAnswer(result.data, false);
    return true;
  }
  if (result.status === 409 && result.data?.survey) {
    showAlert(null);
    showFollowUpAnswer(result.data.survey, true);
    return true;
  }
  showAlert(failure(result));
  return false;
}

function showFollowUpAnswer(view, before) {
  useLanguageOf(view);
  const { answer, createdCase } = view;
  const thanks = {
    fine: 'feedback.followUp.thanksFine',
    noInspection: 'feedback.followUp.thanksNoInspection',
  }[answer.status];
  const parts = [
    heading(before ? 'feedback.problem.answered' : 'feedback.thanks.title'),
    organizationLine(view),
  ];
  const answerLine = h('p', { text: 'feedback.followUp.answer', i18nParams: { answer: '' } });
  parts.push(answerLine);
  if (answer.problem) {
    const quote = h('p', { class: 'quote' });
    quote.textContent = answer.problem;
    parts.push(quote);
  }
  if (createdCase) {
    parts.push(
      h('p', {
        class: 'case-opened',
        'data-case': createdCase.reference,
        text: 'feedback.followUp.caseOpened',
        i18nParams: { kind: '', reference: createdCase.reference },
        strong: true,
      }),
    );
  } else if (thanks) {
    parts.push(h('p', { text: thanks }));
  }
  render(h('section', { class: 'success', 'data-answered': true }, ...parts));
  // The answer and the case kind are catalogue words themselves: put in, in the current language.
  const fillWords = () => {
    answerLine.dataset.i18nParams = JSON.stringify({ answer: t(CHOICE_KEYS[answer.status] ?? '') });
    const caseLine = content.querySelector('[data-case]');
    if (caseLine && createdCase) {
      caseLine.dataset.i18nParams = JSON.stringify({
        kind: t(CASE_KIND_KEYS[createdCase.kind] ?? ''),
        reference: createdCase.reference,
      });
    }
    applyTranslations(content);
  };
  fillWords();
  onLanguageChange(fillWords);
  focusHeading();
}

async function followUpPage() {
  const result = await call('GET', tokenPath('follow-ups'));
  if (result.status !== 200) {
    showFailure(result);
    return;
  }
  const view = result.data;
  useLanguageOf(view);
  if (view.status === 'answered') {
    showFollowUpAnswer(view, true);
    return;
  }
  const oneClick = params.get('status');
  if (oneClick && view.choices.includes(oneClick) && oneClick !== 'problem') {
    // From the email: the answer was the click (a problem needs its description first).
    if (await answerFollowUp({ status: oneClick })) return;
  }
  render(organizationLine(view), followUpForm(view, oneClick));
}

// ---- unsubscribe.html ---------------------------------------------------------------------

function unsubscribePage() {
  const button = h('button', {
    type: 'button',
    class: 'button primary',
    text: 'feedback.unsubscribe.submit',
  });
  // A click, not a script on load: unsubscribing needs the person, not a scanner that runs pages.
  // Mail clients unsubscribe in one click through the List-Unsubscribe header (RFC 8058) instead.
  button.addEventListener('click', async () => {
    button.disabled = true;
    const result = await call('POST', tokenPath('unsubscribe'));
    if (result.status === 200) {
      showAlert(null);
      render(h('section', { class: 'success' }, heading('feedback.unsubscribe.done')));
      focusHeading();
    } else {
      button.disabled = false;
      showAlert(failure(result));
    }
  });
  render(h('p', { text: 'feedback.unsubscribe.intro' }), h('div', { class: 'actions' }, button));
}

// ---- start ----------------------------------------------------------------------------------

await initI18n();
main.setAttribute('aria-busy', 'true');
if (!token) {
  showFailure({ status: 403 });
} else {
  const page = document.body.dataset.feedback;
  if (page === 'survey') await surveyPage();
  else if (page === 'followUp') await followUpPage();
  else unsubscribePage();
}
main.removeAttribute('aria-busy');
document.body.dataset.ready = 'true';
