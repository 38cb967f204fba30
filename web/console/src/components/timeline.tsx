import { t } from '../i18n.ts';
import { actorLabel, eventLabel, fieldLabel } from '../labels.ts';
import { Time } from './ui.tsx';

/** An audit event as the API returns it (shared/schemas/cases.ts `auditEventSchema`). */
export interface AuditEvent {
  readonly seq: number;
  readonly type: string;
  readonly at: string;
  readonly actor: { readonly kind: string; readonly sub?: string; readonly email?: string };
  readonly data: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
  readonly hash: string;
}

const shown = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);

/**
 * The audit trail, oldest first: what happened, who, when; the event's data and its hash-chain
 * links are folded away (a <details> each) so the list reads at a glance.
 */
export function Timeline({ events }: { events: readonly AuditEvent[] }) {
  if (events.length === 0) return <p class="muted">{t('console.timeline.empty')}</p>;
  return (
    <ol class="timeline">
      {events.map((event) => {
        const data = Object.entries(event.data ?? {}).filter(([, value]) => value !== undefined);
        return (
          <li key={event.seq}>
            <div class="timeline-head">
              <span class="timeline-seq" aria-hidden="true">
                {event.seq}
              </span>
              <strong>{eventLabel(event.type)}</strong>
              <span class="muted">
                {' · '}
                {actorLabel(event.actor)}
                {' · '}
                <Time at={event.at} />
              </span>
            </div>
            {data.length > 0 ? (
              <details>
                <summary>{t('console.timeline.details')}</summary>
                <dl class="fields compact">
                  {data.map(([name, value]) => (
                    <div key={name}>
                      <dt>{fieldLabel(name)}</dt>
                      <dd class="pre">{shown(value)}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            ) : null}
            <details class="hashes">
              <summary>{t('console.timeline.hashes')}</summary>
              <dl class="fields compact">
                <div>
                  <dt>{t('console.timeline.prevHash')}</dt>
                  <dd>
                    <code>{event.prevHash}</code>
                  </dd>
                </div>
                <div>
                  <dt>{t('console.timeline.hash')}</dt>
                  <dd>
                    <code>{event.hash}</code>
                  </dd>
                </div>
              </dl>
            </details>
          </li>
        );
      })}
    </ol>
  );
}
