import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { t } from '../i18n.ts';
import { fieldHint, fieldLabel, optionLabel } from '../labels.ts';
import {
  bodyOf,
  emptyItem,
  type FieldDescriptor,
  type FieldErrorLike,
  type FormDescription,
  type FormValue,
  type FormValues,
  fieldPaths,
  initialValues,
  joinPath,
  placeErrors,
  VARIANT,
} from './fields.ts';

/** What the page does with the body: the API call. It throws ApiError on a refusal. */
export type SubmitBody = (body: Record<string, unknown>, idempotencyKey: string) => Promise<void>;

interface Props {
  readonly form: FormDescription;
  /** Prefix of the inputs' ids (unique on the page). */
  readonly formId: string;
  readonly submitLabel: string;
  readonly onSubmit: SubmitBody;
  readonly testId?: string;
  /** Picks form-specific hints (`console.hint.<scope>.<name>`): the step, or the action. */
  readonly hintScope?: string;
  readonly children?: ComponentChildren;
}

/** The form's problem: field errors from the API, or one message (403, 409, network). */
interface Problem {
  readonly title: string;
  readonly errors: readonly FieldErrorLike[];
}

const isRecord = (value: FormValue | undefined): value is FormValues =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/**
 * Preact's types tie an input's other attributes to a literal `type`; here the type is chosen at
 * run time from the schema, so it is given as a text input's attributes.
 */
export const inputTypeOf = (type: string) => ({ type }) as { type: 'text' };
const domId = (formId: string, path: string) => `${formId}-${path.replace(/[^\w-]/g, '-') || 'choice'}`;

/**
 * A form generated from a schema (./fields.ts). Submitting sends the body with an
 * `Idempotency-Key` that stays the same while the content does (a retry after a network error is
 * safe). The API's field errors show under their fields (aria-invalid, aria-describedby) and in a
 * summary at the top, announced (role=alert) and focused, whose links move to the fields.
 */
export function SchemaForm({ form, formId, submitLabel, onSubmit, testId, hintScope, children }: Props) {
  const [values, setValues] = useState<FormValues>(() => initialValues(form.fields));
  const [problem, setProblem] = useState<Problem | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const [focusSummary, setFocusSummary] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const attempt = useRef<{ content: string; key: string } | undefined>(undefined);

  useEffect(() => {
    if (focusSummary > 0) summaryRef.current?.focus();
  }, [focusSummary]);

  const placed = useMemo(
    () => placeErrors(problem?.errors ?? [], fieldPaths(form.fields, values)),
    [problem, form, values],
  );

  const submit = async (event: Event) => {
    event.preventDefault();
    if (submitting) return;
    const body = bodyOf(form, values);
    const content = JSON.stringify(body);
    // The same content keeps its key (a retry), changed content is a new request.
    if (attempt.current?.content !== content) attempt.current = { content, key: crypto.randomUUID() };
    setSubmitting(true);
    try {
      await onSubmit(body, attempt.current.key);
      attempt.current = undefined;
      setProblem(undefined);
    } catch (error) {
      setProblem(
        error instanceof ApiError
          ? { title: error.detail ? `${error.title} ${error.detail}` : error.title, errors: error.errors }
          : { title: t('console.error.network'), errors: [] },
      );
      setFocusSummary((n) => n + 1);
    } finally {
      setSubmitting(false);
    }
  };

  const labelOfPath = (path: string) => {
    const parts = path.split('.').filter((part) => !/^\d+$/.test(part));
    const name = parts.at(-1) ?? path;
    return fieldLabel(name, parts.at(-2) ?? hintScope);
  };

  const renderField = (
    field: FieldDescriptor,
    value: FormValue | undefined,
    path: string,
    parent: string | undefined,
    onChange: (value: FormValue) => void,
    labelText?: string,
  ): ComponentChildren => {
    const id = domId(formId, path);
    // Top-level fields read a label of the form's own first (`console.field.<scope>.<name>`).
    const label = labelText ?? fieldLabel(field.name, parent ?? hintScope);
    // A list's rows share the list's hint, shown once above them.
    const hint = labelText === undefined ? fieldHint(field.name, field.description, hintScope) : undefined;
    const errors = placed.byPath.get(path) ?? [];
    const hintId = hint ? `${id}-hint` : undefined;
    const errorId = errors.length > 0 ? `${id}-error` : undefined;
    const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
    const invalid = errors.length > 0 ? true : undefined;
    const marker = field.required ? (
      <span class="required" aria-hidden="true">
        {' *'}
      </span>
    ) : (
      <span class="optional"> {t('console.form.optional')}</span>
    );
    const hintLine = hint ? (
      <p class="hint" id={hintId}>
        {hint}
      </p>
    ) : null;
    const errorLine =
      errors.length > 0 ? (
        <p class="field-error" id={errorId}>
          <span aria-hidden="true">⚠ </span>
          {errors.join(' ')}
        </p>
      ) : null;
    const text = typeof value === 'string' ? value : '';
    const common = {
      id,
      'aria-describedby': describedBy,
      'aria-invalid': invalid,
      'aria-required': field.required ? true : undefined,
    } as const;

    switch (field.kind) {
      case 'text':
      case 'number':
      case 'date':
      case 'datetime': {
        const input =
          field.kind === 'text' && field.multiline ? (
            <textarea
              {...common}
              name={path}
              rows={5}
              maxLength={field.maxLength}
              value={text}
              onInput={(e) => onChange(e.currentTarget.value)}
            />
          ) : (
            <input
              {...common}
              name={path}
              {...inputTypeOf(
                field.kind === 'text'
                  ? field.inputType
                  : field.kind === 'datetime'
                    ? 'datetime-local'
                    : field.kind,
              )}
              {...(field.kind === 'text' ? { maxLength: field.maxLength } : {})}
              {...(field.kind === 'number'
                ? {
                    step: field.step,
                    min: field.min,
                    max: field.max,
                    inputMode: field.integer ? 'numeric' : 'decimal',
                  }
                : {})}
              value={text}
              onInput={(e) => onChange(e.currentTarget.value)}
            />
          );
        return (
          <div class={`field${invalid ? ' invalid' : ''}`} key={path}>
            <label for={id}>
              {label}
              {marker}
              {field.kind === 'datetime' ? <span class="muted"> {t('console.form.beijingTime')}</span> : null}
              {field.kind === 'number' && !field.integer ? (
                <span class="muted"> {t('console.form.cny')}</span>
              ) : null}
            </label>
            {hintLine}
            {input}
            {errorLine}
          </div>
        );
      }
      case 'choice':
        if (field.display === 'select') {
          return (
            <div class={`field${invalid ? ' invalid' : ''}`} key={path}>
              <label for={id}>
                {label}
                {marker}
              </label>
              {hintLine}
              <select {...common} name={path} value={text} onChange={(e) => onChange(e.currentTarget.value)}>
                <option value="">{t('console.form.choose')}</option>
                {field.options.map((option) => (
                  <option key={option} value={option}>
                    {optionLabel(field.name, option)}
                  </option>
                ))}
              </select>
              {errorLine}
            </div>
          );
        }
        return (
          // A radio group (not a fieldset) so that it can say it is required and invalid.
          <div
            class={`field radios${invalid ? ' invalid' : ''}`}
            key={path}
            role="radiogroup"
            aria-labelledby={`${id}-label`}
            aria-describedby={describedBy}
            aria-required={field.required ? true : undefined}
            aria-invalid={invalid}
          >
            <span class="group-label" id={`${id}-label`}>
              {label}
              {marker}
            </span>
            {hintLine}
            {field.options.map((option, index) => (
              <label class="radio" key={option}>
                <input
                  type="radio"
                  id={index === 0 ? id : `${id}-${option}`}
                  name={`${formId}-${path}`}
                  value={option}
                  checked={text === option}
                  onChange={() => onChange(option)}
                />{' '}
                {optionLabel(field.name, option)}
              </label>
            ))}
            {errorLine}
          </div>
        );
      case 'boolean':
        return (
          <div class={`field checkbox${invalid ? ' invalid' : ''}`} key={path}>
            <label for={id}>
              <input
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                type="checkbox"
                name={path}
                checked={value === true}
                onChange={(e) => onChange(e.currentTarget.checked)}
              />{' '}
              {label}
            </label>
            {hintLine}
            {errorLine}
          </div>
        );
      case 'group': {
        const record = isRecord(value) ? value : {};
        return (
          <fieldset class="group" key={path} id={id} tabIndex={-1} aria-describedby={describedBy}>
            <legend>
              {label}
              {marker}
            </legend>
            {hintLine}
            {errorLine}
            {field.fields.map((child) =>
              renderField(child, record[child.name], joinPath(path, child.name), field.name, (next) =>
                onChange({ ...record, [child.name]: next }),
              ),
            )}
          </fieldset>
        );
      }
      case 'list': {
        const items = Array.isArray(value) ? value : [];
        const canAdd = field.maxItems === undefined || items.length < field.maxItems;
        return (
          <fieldset class="group list" key={path} id={id} tabIndex={-1} aria-describedby={describedBy}>
            <legend>
              {label}
              {marker}
            </legend>
            {hintLine}
            {errorLine}
            {items.length === 0 ? <p class="muted">{t('console.form.noItems')}</p> : null}
            {items.map((item, index) => {
              const itemLabel = t('console.form.item', { label, n: index + 1 });
              return (
                <div class="list-row" key={index}>
                  {renderField(
                    field.item,
                    item,
                    joinPath(path, index),
                    field.name,
                    (next) => onChange(items.map((old, i) => (i === index ? next : old))),
                    itemLabel,
                  )}
                  <button
                    type="button"
                    class="secondary small"
                    disabled={items.length <= field.minItems}
                    onClick={() => onChange(items.filter((_, i) => i !== index))}
                  >
                    {t('console.form.removeItem', { item: itemLabel })}
                  </button>
                </div>
              );
            })}
            {canAdd ? (
              <button
                type="button"
                class="secondary small"
                onClick={() => onChange([...items, emptyItem(field)])}
              >
                {t('console.form.addItem', { label })}
              </button>
            ) : null}
          </fieldset>
        );
      }
      case 'variants': {
        const record = isRecord(value) ? value : {};
        const chosen = field.variants.find((v) => v.key === record[VARIANT]) ?? field.variants[0];
        const name = `${formId}-${path || 'variant'}`;
        return (
          <div key={path || 'variants'}>
            <fieldset class="field radios">
              <legend>{field.name ? label : t('console.form.variant')}</legend>
              {field.variants.map((variant, index) => (
                <label class="radio" key={variant.key}>
                  <input
                    type="radio"
                    id={index === 0 ? `${id}-variant` : `${id}-variant-${variant.key}`}
                    name={name}
                    value={variant.key}
                    checked={chosen?.key === variant.key}
                    onChange={() =>
                      onChange({ ...initialValues(variant.fields), ...record, [VARIANT]: variant.key })
                    }
                  />{' '}
                  {field.discriminator
                    ? optionLabel(field.discriminator, variant.key)
                    : fieldLabel(variant.key)}
                </label>
              ))}
            </fieldset>
            {chosen?.fields.map((child) =>
              renderField(
                child,
                record[child.name],
                joinPath(path, child.name),
                field.name || undefined,
                (next) => onChange({ ...record, [VARIANT]: chosen.key, [child.name]: next }),
              ),
            )}
          </div>
        );
      }
    }
  };

  const focusField = (path: string) => (event: Event) => {
    event.preventDefault();
    document.getElementById(domId(formId, path))?.focus();
  };
  const summaryItems = problem
    ? [
        ...[...placed.byPath.entries()].flatMap(([path, messages]) =>
          messages.map((message) => ({ path, message })),
        ),
        ...placed.unplaced.map((error) => ({ path: undefined, message: `${error.field}: ${error.message}` })),
      ]
    : [];

  return (
    <form class="schema-form" noValidate onSubmit={submit} data-testid={testId} aria-busy={submitting}>
      <div
        class={problem ? 'error-summary' : 'error-summary empty'}
        role="alert"
        aria-live="assertive"
        tabIndex={-1}
        ref={summaryRef}
        data-testid="error-summary"
      >
        {problem ? (
          <>
            <h3>
              {summaryItems.length > 0
                ? t('console.form.errorSummary', { count: summaryItems.length })
                : t('console.form.failed')}
            </h3>
            <p>{problem.title}</p>
            {summaryItems.length > 0 ? (
              <ul>
                {summaryItems.map((item) => (
                  <li key={`${item.path}:${item.message}`}>
                    {item.path !== undefined ? (
                      <a href={`#${domId(formId, item.path)}`} onClick={focusField(item.path)}>
                        {labelOfPath(item.path)}: {item.message}
                      </a>
                    ) : (
                      item.message
                    )}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </div>
      {children}
      <p class="muted small">{t('console.form.requiredNote')}</p>
      {form.fields.map((field) =>
        renderField(field, values[field.name], field.name, undefined, (next) =>
          setValues((old) => ({ ...old, [field.name]: next })),
        ),
      )}
      <div class="form-actions">
        <button type="submit" aria-disabled={submitting ? true : undefined}>
          {submitting ? t('console.form.submitting') : submitLabel}
        </button>
      </div>
    </form>
  );
}
