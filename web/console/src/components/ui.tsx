import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { formatDateTime, t } from '../i18n.ts';
import { statusLabel } from '../labels.ts';
import type { Urgency } from '../queue/urgency.ts';
import { endSession } from '../session.ts';

export function Loading() {
  return (
    <p class="loading" role="status">
      {t('console.loading')}
    </p>
  );
}

/**
 * What went wrong, in words: the API's problem title (already in the console's language), a clear
 * line for 403 and 404, and a way back to sign-in when the session has expired.
 */
export function ErrorNotice({ error }: { error: unknown }) {
  if (error instanceof ApiError) {
    if (error.status === 401) {
      return (
        <div class="notice notice-error" role="alert">
          <p>{t('console.error.signedOut')}</p>
          <button
            type="button"
            onClick={() => {
              endSession();
              location.reload();
            }}
          >
            {t('console.signIn')}
          </button>
        </div>
      );
    }
    const lead =
      error.status === 403
        ? t('console.error.forbidden')
        : error.status === 404
          ? t('console.error.notFound')
          : error.title;
    return (
      <div class="notice notice-error" role="alert">
        <p>
          <span aria-hidden="true">⚠ </span>
          {lead}
        </p>
        {lead !== error.title ? <p class="muted">{error.title}</p> : null}
        {error.detail ? <p class="muted">{error.detail}</p> : null}
      </div>
    );
  }
  return (
    <div class="notice notice-error" role="alert">
      <p>
        <span aria-hidden="true">⚠ </span>
        {t('console.error.network')}
      </p>
    </div>
  );
}

/** Statuses by how they look: finished (green), new (blue), waiting on someone (amber), stopped (grey). */
const toneOf = (status: string): 'done' | 'new' | 'active' | 'stopped' => {
  if (/^(ARCHIVED|CLOSED|COMPLETED|EFFECTIVE|ANSWERED|closed|refunded|replacementShipped)$/.test(status))
    return 'done';
  if (/^(RECEIVED|RECORDED|submitted)$/.test(status)) return 'new';
  if (/^(QUOTE_DECLINED|rejected)$/.test(status)) return 'stopped';
  return 'active';
};
const toneIcon = { done: '✓', new: '●', active: '◐', stopped: '■' } as const;

/** A case's status as a badge: colour, icon and words (never colour alone). */
export function StatusBadge({ status }: { status: string }) {
  const tone = toneOf(status);
  return (
    <span class={`badge badge-${tone}`}>
      <span aria-hidden="true">{toneIcon[tone]} </span>
      {statusLabel(status)}
    </span>
  );
}

const urgencyIcon: Record<Urgency, string> = { overdue: '⚠', atRisk: '⏰', onTime: '✓' };

/** A task's urgency: 已逾期 red, 即将到期 amber, 正常 green, each with its icon and words. */
export function UrgencyBadge({ urgency }: { urgency: Urgency }) {
  return (
    <span class={`badge badge-${urgency}`} data-urgency={urgency}>
      <span aria-hidden="true">{urgencyIcon[urgency]} </span>
      {t(`console.urgency.${urgency}`)}
    </span>
  );
}

export type FieldRow = readonly [label: string, value: ComponentChildren];

/** Label/value pairs as a description list; empty values are left out. */
export function Fields({ rows }: { rows: readonly FieldRow[] }) {
  const shown = rows.filter(([, value]) => value !== undefined && value !== null && value !== '');
  if (shown.length === 0) return null;
  return (
    <dl class="fields">
      {shown.map(([label, value], index) => (
        <div key={`${index}-${label}`}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A titled part of a page; the heading names the region for screen readers. */
export function Section({
  title,
  children,
  actions,
  testId,
}: {
  title: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
  testId?: string;
}) {
  const id = useId();
  return (
    <section class="panel" aria-labelledby={id} data-testid={testId}>
      <div class="panel-head">
        <h2 id={id}>{title}</h2>
        {actions ? <div class="panel-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

/** A time as Beijing time, in a <time> element with the instant as its datetime. */
export function Time({ at }: { at: string | undefined }) {
  if (!at) return null;
  return <time dateTime={at}>{formatDateTime(at)}</time>;
}

/** Multi-line text as entered (paragraphs keep their line breaks). */
export function Text({ value }: { value: unknown }) {
  if (value === undefined || value === null || value === '') return null;
  return <span class="pre">{String(value)}</span>;
}

/** For a Fields row: the text, or nothing (the row is left out). */
export const textOf = (value: unknown) =>
  value === undefined || value === null || value === '' ? undefined : <Text value={value} />;

/** For a Fields row: the time, or nothing. */
export const timeOf = (at: string | undefined) => (at ? <Time at={at} /> : undefined);
