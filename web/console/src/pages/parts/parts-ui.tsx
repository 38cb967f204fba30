import { Time } from '../../components/ui.tsx';
import { label, t } from '../../i18n.ts';
import { actorLabel } from '../../labels.ts';
import { href } from '../../router.ts';
import type { PartView } from './types.ts';

/**
 * At or below the low quota (储备定额下限): a red badge with its icon and words, and the open reorder
 * proposal when there is one; otherwise "within quota" in green. Never colour alone.
 */
export function QuotaBadge({ part }: { part: Pick<PartView, 'belowLowQuota' | 'openReorderId'> }) {
  if (!part.belowLowQuota) {
    return (
      <span class="badge badge-done">
        <span aria-hidden="true">✓ </span>
        {t('console.parts.withinQuota')}
      </span>
    );
  }
  return (
    <>
      <span class="badge badge-overdue" data-testid="below-low-quota">
        <span aria-hidden="true">⚠ </span>
        {t('console.parts.belowLowQuota')}
      </span>
      {part.openReorderId ? (
        <>
          {' '}
          <a href={href(`/requisitions/${part.openReorderId}`)}>{t('console.parts.openReorder')}</a>
        </>
      ) : null}
    </>
  );
}

/** `12 件`: a quantity with the part's unit. */
export const unitsOf = (quantity: number, unit: string): string => `${quantity} ${unit}`;

/** The reserve quota as a range (`2–10 件`). */
export const quotaOf = (part: Pick<PartView, 'lowQuota' | 'highQuota' | 'unit'>): string =>
  `${part.lowQuota}–${part.highQuota} ${part.unit}`;

type Tone = 'done' | 'new' | 'active' | 'stopped';
const toneIcon: Readonly<Record<Tone, string>> = { done: '✓', new: '●', active: '◐', stopped: '■' };

/**
 * A requisition's or scrap request's status as a badge in the look of the case statuses: colour,
 * icon and the words of `<prefix>.<status>` (never colour alone). `tones` names the finished, new
 * and stopped statuses; the rest wait on someone.
 */
export function RecordStatus({
  status,
  prefix,
  tones,
}: {
  status: string;
  prefix: string;
  tones: Readonly<Partial<Record<string, Tone>>>;
}) {
  const tone = tones[status] ?? 'active';
  return (
    <span class={`badge badge-${tone}`} data-status={status}>
      <span aria-hidden="true">{toneIcon[tone]} </span>
      {label(prefix, status)}
    </span>
  );
}

/** Who did a step: a staff member's address or id, or the system (a reorder proposal has nobody). */
export const byLabel = (by: { readonly sub?: string; readonly email?: string } | undefined): string =>
  by?.email || by?.sub ? actorLabel({ kind: 'staff', ...by }) : actorLabel({ kind: 'system' });

/** A decision or step signed by someone: who, then when. */
export function Signed({ by, at }: { by: { readonly sub?: string; readonly email?: string }; at: string }) {
  return (
    <span class="muted">
      {byLabel(by)} · <Time at={at} />
    </span>
  );
}
