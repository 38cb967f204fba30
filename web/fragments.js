/**
 * The parts the forms share, written once. A page marks where one goes with a placeholder,
 * e.g. `<fieldset class="section" data-fragment="contact"></fieldset>`, and forms.js calls
 * renderFragments() before it wires the form. The placeholder's own children (a page's
 * extra questions) stay, between what a fragment puts before and after them.
 *
 * Texts are catalogue keys only (`data-i18n`): i18n.js writes the words, so they live in
 * shared/i18n/messages.ts alone.
 */

/** An element: `true` gives an empty attribute (`required`), anything else its string. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/** An element whose text is the catalogue message `key`. */
const text = (tag, key, attributes = {}) => h(tag, { ...attributes, 'data-i18n': key });

/** One question: a `.field` with the label of `control` and the control. */
const field = (key, control) =>
  h(
    'div',
    { class: 'field' },
    h('label', { for: control.id }, text('span', key, { class: 'label-text' })),
    control,
  );

const legend = (key) => h('legend', {}, text('span', key));

/** `{ attributes, before, after }` of each fragment, built afresh for every placeholder. */
const fragments = {
  /** Organisation and contact person; at least one of phone and email. */
  contact: () => ({
    before: [
      legend('web.section.organization'),
      field(
        'web.field.organization',
        h('input', {
          id: 'f-organization',
          name: 'submitter.organization',
          type: 'text',
          required: true,
          maxlength: 200,
          autocomplete: 'organization',
        }),
      ),
      field(
        'web.field.contactName',
        h('input', {
          id: 'f-contactName',
          name: 'submitter.contactName',
          type: 'text',
          required: true,
          maxlength: 100,
          autocomplete: 'name',
        }),
      ),
      text('p', 'web.hint.contact', { class: 'hint', id: 'hint-contact' }),
      h(
        'div',
        { class: 'row' },
        field(
          'web.field.phone',
          h('input', {
            id: 'f-phone',
            name: 'submitter.phone',
            type: 'tel',
            maxlength: 50,
            autocomplete: 'tel',
            'aria-describedby': 'hint-contact',
            'data-one-of': 'contact',
          }),
        ),
        field(
          'web.field.email',
          h('input', {
            id: 'f-email',
            name: 'submitter.email',
            type: 'email',
            maxlength: 254,
            autocomplete: 'email',
            spellcheck: 'false',
            'aria-describedby': 'hint-contact',
            'data-one-of': 'contact',
            'data-one-of-error': 'field.contactRequired',
          }),
        ),
      ),
    ],
  }),

  /** Product category and name; the page adds batch, quantity and order as it needs them. */
  product: () => ({
    before: [
      legend('web.section.product'),
      field(
        'web.field.category',
        h(
          'select',
          { id: 'f-category', name: 'product.category', required: true },
          text('option', 'web.choose', { value: '' }),
          text('option', 'web.option.furniture', { value: 'furniture' }),
          text('option', 'web.option.appliance', { value: 'appliance' }),
          text('option', 'web.option.curtain', { value: 'curtain' }),
        ),
      ),
      field(
        'web.field.productName',
        h('input', {
          id: 'f-productName',
          name: 'product.name',
          type: 'text',
          required: true,
          maxlength: 200,
          autocomplete: 'off',
        }),
      ),
    ],
  }),

  /** The panel that replaces the form once it is sent (forms.js fills the `data-success` parts). */
  success: () => ({
    attributes: { tabindex: '-1', 'aria-labelledby': 'success-title' },
    before: [
      text('h2', 'web.success.title', { id: 'success-title' }),
      text('p', 'web.success.reference', {
        class: 'reference',
        'data-success': 'reference',
        'data-i18n-strong': true,
      }),
      text('p', 'web.success.email', { 'data-success': 'email' }),
      text('p', 'web.success.phone', { 'data-success': 'phone' }),
    ],
    after: [
      h(
        'div',
        { class: 'actions' },
        text('button', 'web.success.again', {
          type: 'button',
          class: 'button primary',
          'data-action': 'again',
        }),
        text('a', 'web.home', { class: 'button secondary', href: 'index.html', 'data-keep-lang': true }),
      ),
    ],
  }),
};

/** Fills every `[data-fragment]` placeholder under `root` once (the marker goes once it is filled). */
export function renderFragments(root = document) {
  for (const placeholder of root.querySelectorAll('[data-fragment]')) {
    const build = fragments[placeholder.dataset.fragment];
    if (!build) continue; // an unknown name stays an empty placeholder
    const { attributes = {}, before = [], after = [] } = build();
    for (const [name, value] of Object.entries(attributes)) placeholder.setAttribute(name, value);
    placeholder.prepend(...before);
    placeholder.append(...after);
    placeholder.removeAttribute('data-fragment');
  }
}
