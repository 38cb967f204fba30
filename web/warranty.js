/**
 * The warranty look-up page: GET /v1/warranty with the order ref and a contact phone or email,
 * then one table per delivery (product, quantity, last free-repair day, free / chargeable).
 * Built with textContent only: nothing from the answer becomes markup.
 */
import { currentLanguage, initI18n, onLanguageChange, t } from './i18n.js';

/** Same origin unless `<meta name="aftersales-api" content="https://...">` names another. */
function apiBase() {
  const content = document.querySelector('meta[name="aftersales-api"]')?.getAttribute('content') ?? '';
  return content.trim().replace(/\/+$/, '');
}

const form = document.querySelector('[data-warranty-form]');
const errorBox = document.querySelector('[data-warranty-error]');
const result = document.querySelector('[data-warranty-result]');
const button = form.querySelector('button[type="submit"]');
/** What is shown now: redrawn when the language changes. */
let shown = null;

const element = (tag, text) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
};

function showError(key) {
  shown = { error: key };
  result.hidden = true;
  errorBox.textContent = t(key);
  errorBox.hidden = false;
}

function showLookup(lookup) {
  shown = { lookup };
  errorBox.hidden = true;
  const statusKey = { free: 'warranty.status.free', chargeable: 'warranty.status.chargeable' };
  const parts = [element('p', t('warranty.page.asOf', { date: lookup.asOf }))];
  for (const delivery of lookup.deliveries) {
    const heading = [
      t('warranty.page.delivery', { batch: delivery.batch, deliveredOn: delivery.deliveredOn }),
    ];
    if (delivery.acceptedOn) heading.push(t('warranty.page.accepted', { acceptedOn: delivery.acceptedOn }));
    parts.push(element('h2', heading.join(' · ')));
    const table = element('table');
    const head = element('tr');
    for (const key of [
      'warranty.page.product',
      'warranty.page.quantity',
      'warranty.page.endsOn',
      'warranty.page.status',
    ]) {
      head.append(element('th', t(key)));
    }
    table.append(head);
    for (const item of delivery.items) {
      const row = element('tr');
      row.append(
        element('td', item.productName),
        element('td', String(item.quantity)),
        element('td', item.freeRepairEndsOn),
        element('td', statusKey[item.status] ? t(statusKey[item.status]) : item.status),
      );
      row.className = `warranty-${item.status}`;
      table.append(row);
    }
    parts.push(table);
  }
  result.replaceChildren(...parts);
  result.hidden = false;
}

async function lookUp(event) {
  event.preventDefault();
  const data = new FormData(form);
  const query = new URLSearchParams();
  for (const name of ['orderRef', 'batch', 'phone', 'email']) {
    const value = String(data.get(name) ?? '').trim();
    if (value) query.set(name, value);
  }
  if (!query.has('orderRef') || (!query.has('phone') && !query.has('email'))) {
    showError('warranty.page.contactHint');
    return;
  }
  button.disabled = true;
  button.textContent = t('warranty.page.searching');
  try {
    const response = await fetch(`${apiBase()}/v1/warranty?${query}`, {
      headers: { accept: 'application/json', 'accept-language': currentLanguage() },
    });
    if (response.ok) showLookup(await response.json());
    else if (response.status === 404) showError('warranty.page.notFound');
    else if (response.status === 422) showError('warranty.page.contactHint');
    else showError('problem.unavailable');
  } catch {
    showError('web.error.network');
  } finally {
    button.disabled = false;
    button.textContent = t('warranty.page.submit');
  }
}

onLanguageChange(() => {
  if (shown?.lookup) showLookup(shown.lookup);
  else if (shown?.error) showError(shown.error);
});
form.addEventListener('submit', lookUp);
await initI18n();
