import { currentLanguage, hasMessage, type MessageKey, t } from './i18n.ts';

/**
 * Labels of data values from the one catalogue: the first key that exists wins, else the value
 * itself (a value added to the API later still shows, untranslated, rather than breaking the page).
 */
const firstOf = (value: string, ...keys: string[]): string => {
  const key = keys.find(hasMessage);
  return key ? t(key as MessageKey) : value;
};

/** A step of the complaint procedure (people's steps from the core catalogue, automatic ones from the console's). */
export function stepLabel(step: string): string {
  // `<step>:decided`: decided, the workflow is moving on to the next step.
  const decided = /^(\w+):decided$/.exec(step)?.[1];
  if (decided) return t('console.step.decided', { step: stepLabel(decided) });
  return firstOf(step, `step.${step}`, `console.step.${step}`);
}

/** A case status (`INVESTIGATING`, `VISIT_SCHEDULED`) or a return's (`submitted`). */
export const statusLabel = (status: string): string =>
  firstOf(status, `console.status.${status}`, `console.returnStatus.${status}`);

export const roleLabel = (role: string): string => firstOf(role, `console.role.${role}`);
export const channelLabel = (channel: string): string => firstOf(channel, `console.channel.${channel}`);
export const kindLabel = (kind: string): string => firstOf(kind, `kind.${kind}`);

/** A form field: `console.field.<parent>.<name>` (a technician's name), then `console.field.<name>`. */
export const fieldLabel = (name: string, parent?: string): string =>
  firstOf(name, ...(parent ? [`console.field.${parent}.${name}`] : []), `console.field.${name}`);

/**
 * A field's hint: the console's words when it has some (`console.hint.<scope>.<name>` for a field
 * that means something else in one form, e.g. a rejection's reason, then `console.hint.<name>`),
 * else the schema's description.
 */
export function fieldHint(name: string, description: string | undefined, scope?: string): string | undefined {
  const key = [...(scope ? [`console.hint.${scope}.${name}`] : []), `console.hint.${name}`].find(hasMessage);
  return key ? t(key as MessageKey) : description;
}

/** An enum value of a field: `console.option.<field>.<value>`, `console.option.<value>`, the forms' options. */
export const optionLabel = (field: string, value: string): string =>
  firstOf(
    value,
    `console.option.${field}.${value}`,
    `report.${field}.${value}`,
    `console.option.${value}`,
    `web.option.${value}`,
  );

/** An audit event's type: its own label, `<step>.decided` from the step, else the type. */
export function eventLabel(type: string): string {
  if (hasMessage(`console.event.${type}`)) return t(`console.event.${type}` as MessageKey);
  const decided = /^(\w+)\.decided$/.exec(type);
  if (decided?.[1]) return t('console.event.decided', { step: stepLabel(decided[1]) });
  const service = /^service\.(\w+)$/.exec(type);
  if (service?.[1]) return firstOf(type, `console.serviceAction.${service[1]}`);
  return type;
}

/** Who did something: a staff member's email (or id), the public, or the system. */
export function actorLabel(actor: { kind: string; email?: string; sub?: string } | undefined): string {
  if (!actor) return '';
  if (actor.kind === 'staff') return actor.email ?? actor.sub ?? t('console.actor.staff');
  return firstOf(actor.kind, `console.actor.${actor.kind}`);
}

/** CNY amounts as the users read them: ¥1,234.50. */
export const formatCny = (amount: number | undefined): string =>
  amount === undefined
    ? ''
    : new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(amount);

/** How far a time is from now, in words: "3 小时后", "2 天前" (hours under two days, else days). */
export function relativeTime(iso: string, now: Date): string {
  const minutes = Math.round((Date.parse(iso) - now.getTime()) / 60_000);
  const format = new Intl.RelativeTimeFormat(currentLanguage(), { numeric: 'auto' });
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  return Math.abs(hours) < 48 ? format.format(hours, 'hour') : format.format(Math.round(hours / 24), 'day');
}
