import { t } from '../i18n.ts';
import { stepLabel } from '../labels.ts';
import { complaintProgress, type ProgressInput, type StepState } from './progress.ts';

const icon: Record<StepState, string> = { done: '✓', current: '▶', upcoming: '○', notNeeded: '–' };

/**
 * The procedure at a glance: every step in order, done ones ticked, the current one highlighted
 * (aria-current="step"), steps not needed (no CAPA for a customer-caused complaint) greyed; each
 * state is also said in words for screen readers.
 */
export function ProgressBar(input: ProgressInput) {
  const steps = complaintProgress(input);
  return (
    <ol class="progress" aria-label={t('console.complaint.progress')}>
      {steps.map(({ step, state, automatic }) => (
        <li
          key={step}
          class={`progress-step step-${state}${automatic ? ' automatic' : ''}`}
          aria-current={state === 'current' ? 'step' : undefined}
        >
          <span class="progress-icon" aria-hidden="true">
            {icon[state]}
          </span>
          <span class="progress-label">{stepLabel(step)}</span>
          <span class="visually-hidden">
            {' '}
            ({t(`console.progress.${state}`)}
            {automatic ? `, ${t('console.progress.automatic')}` : ''})
          </span>
        </li>
      ))}
    </ol>
  );
}
