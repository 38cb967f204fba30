import { useMemo } from 'preact/hooks';
import { taskCompletion } from '../../../../shared/schemas/decisions.ts';
import { apiPost } from '../api.ts';
import { t } from '../i18n.ts';
import { stepLabel } from '../labels.ts';
import type { Task } from '../types.ts';
import { describeForm, optionOf } from './fields.ts';
import { SchemaForm } from './schema-form.tsx';

/**
 * The form of an open task, generated from its step's decision schema (the option of
 * `taskCompletion` whose `step` is the task's): POST /v1/tasks/{taskId} with `step` added.
 */
export function TaskForm({ task, onDone }: { task: Task; onDone: () => void }) {
  const form = useMemo(() => {
    const schema = optionOf(taskCompletion.options, 'step', task.step);
    return schema ? describeForm(schema) : undefined;
  }, [task.step]);
  if (!form) return <p class="notice">{t('console.task.unknownStep', { step: task.step })}</p>;
  return (
    <SchemaForm
      form={form}
      formId={`task-${task.taskId}`}
      testId="task-form"
      hintScope={task.step}
      submitLabel={t('console.task.submit', { step: stepLabel(task.step) })}
      onSubmit={async (body, idempotencyKey) => {
        await apiPost(`/v1/tasks/${encodeURIComponent(task.taskId)}`, body, {
          'Idempotency-Key': idempotencyKey,
        });
        onDone();
      }}
    />
  );
}
