import type { ComponentChildren } from 'preact';
import { t } from '../i18n.ts';
import { actorLabel, channelLabel, fieldLabel, optionLabel } from '../labels.ts';
import type { CaseView } from '../types.ts';
import { type FieldRow, Fields, timeOf } from './ui.tsx';

/** Fields of a submission that hold an enum value (labelled from the catalogue). */
const enumFields = new Set(['subject', 'type', 'kind', 'origin', 'category']);

const isUrl = (value: string) => /^https?:\/\//.test(value);

function shown(name: string, value: unknown): ComponentChildren {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    return (
      <ul class="plain">
        {value.map((item) => (
          <li key={String(item)}>{shown(name, item)}</li>
        ))}
      </ul>
    );
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // A product: its category and name on one line.
    if ('category' in record && 'name' in record) {
      return `${optionLabel('category', String(record.category))} · ${String(record.name)}`;
    }
    return <span class="pre">{JSON.stringify(value)}</span>;
  }
  if (typeof value === 'string' && isUrl(value)) {
    return (
      <a href={value} rel="noopener noreferrer" target="_blank">
        {value}
      </a>
    );
  }
  if (typeof value === 'string' && enumFields.has(name)) return optionLabel(name, value);
  return <span class="pre">{String(value)}</span>;
}

/**
 * What was submitted (《投诉报告》 for a complaint): the details as entered, the submitter and how it
 * arrived. Fields are labelled from the console's catalogue; values added to the API later still show.
 */
export function CaseReport({ view }: { view: Omit<CaseView, 'workflow'> }) {
  const details: FieldRow[] = Object.entries(view.details).map(([name, value]) => [
    fieldLabel(name),
    shown(name, value),
  ]);
  const submitter = view.submitter as Record<string, unknown>;
  return (
    <div class="two-columns">
      <div>
        <h3>{t('console.case.details')}</h3>
        <Fields rows={details} />
      </div>
      <div>
        <h3>{t('console.case.submitter')}</h3>
        <Fields
          rows={[
            [t('console.field.organization'), shown('organization', submitter.organization)],
            [t('console.field.contactName'), shown('contactName', submitter.contactName)],
            [t('console.field.phone'), shown('phone', submitter.phone)],
            [t('console.field.email'), shown('email', submitter.email)],
            [
              t('console.field.language'),
              submitter.language ? optionLabel('language', String(submitter.language)) : undefined,
            ],
          ]}
        />
        <h3>{t('console.case.receipt')}</h3>
        <Fields
          rows={[
            [t('console.field.channel'), channelLabel(view.channel)],
            [t('console.field.receivedAt'), timeOf(view.receivedAt)],
            [t('console.field.origin'), view.origin ? optionLabel('origin', view.origin) : undefined],
            [t('console.field.officeId'), view.officeId],
            [t('console.case.recordedBy'), view.recordedBy ? actorLabel(view.recordedBy) : undefined],
            [
              t('console.case.source'),
              view.source
                ? t('console.case.fromSurvey', { kind: optionLabel('surveyKind', view.source.surveyKind) })
                : undefined,
            ],
          ]}
        />
      </div>
    </div>
  );
}
