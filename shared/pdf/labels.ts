import { catalogue, type MessageKey } from '../i18n/messages.ts';
import { type Language, translate } from '../i18n/translate.ts';
import { beijingTime } from '../mail/format.ts';
import type { Actor } from '../store/audit.ts';

/** Catalogue prefixes of value labels the rest of the catalogue already has, by the API's values. */
export const valueLabels = {
  subject: 'web.option.',
  category: 'web.option.',
  status: 'console.status.',
  channel: 'console.channel.',
  role: 'console.role.',
  event: 'console.event.',
  step: 'step.',
  cause: 'report.cause.',
  responsibility: 'report.responsibility.',
  warranty: 'warranty.',
} as const;

/** The dossier's words in one language. */
export interface Words {
  readonly language: Language;
  readonly t: (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;
  /** The label of a stored value; a value without one (a status added later) is printed as it is. */
  readonly label: (kind: keyof typeof valueLabels, value: unknown) => string;
  /** An instant in Beijing time. */
  readonly time: (iso: unknown) => string;
  /** Who did something, with their roles. */
  readonly actor: (actor: Actor | undefined) => string;
  readonly cny: (amount: unknown) => string;
}

export function wordsFor(language: Language): Words {
  const messages: Readonly<Record<string, string>> = catalogue[language];
  const t: Words['t'] = (key, params) => translate(language, key, params);
  const label: Words['label'] = (kind, value) => {
    const key = `${valueLabels[kind]}${String(value)}`;
    return key in messages ? t(key as MessageKey) : String(value);
  };
  return {
    language,
    t,
    label,
    time: (iso) =>
      typeof iso === 'string' && !Number.isNaN(Date.parse(iso)) ? beijingTime(iso) : String(iso),
    actor: (actor) => {
      if (!actor || actor.kind === 'public') return t('dossier.actor.public');
      if (actor.kind === 'system') return t('dossier.actor.system');
      const who = actor.email ?? actor.sub ?? t('dossier.actor.staff');
      const roles = (actor.roles ?? []).map((role) => label('role', role));
      return roles.length > 0 ? t('dossier.by', { who, roles: roles.join(', ') }) : who;
    },
    cny: (amount) =>
      typeof amount === 'number'
        ? t('dossier.cny', {
            amount: amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
          })
        : String(amount),
  };
}
