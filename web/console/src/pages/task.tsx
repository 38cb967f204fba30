import { LiveStatus, useLiveStatus } from '../components/live-status.tsx';
import {
  ErrorNotice,
  Fields,
  Loading,
  Section,
  Time,
  textOf,
  timeOf,
  UrgencyBadge,
} from '../components/ui.tsx';
import { useApi } from '../components/use-api.ts';
import { TaskForm } from '../forms/task-form.tsx';
import { t } from '../i18n.ts';
import { actorLabel, optionLabel, relativeTime, stepLabel } from '../labels.ts';
import type { PageProps } from '../page.ts';
import { urgencyOf } from '../queue/urgency.ts';
import { href } from '../router.ts';
import type { Task } from '../types.ts';

/**
 * One task (GET /v1/tasks/{taskId}): a survey follow-up with the score and comment to follow up and
 * its small form (outcome and note); a workflow task points to its complaint, where it is done.
 */
export function TaskPage({ params }: PageProps) {
  const taskId = params.taskId ?? '';
  const task = useApi<Task>(`/v1/tasks/${encodeURIComponent(taskId)}`);
  const status = useLiveStatus();
  const data = task.data;
  const now = new Date();
  return (
    <>
      <h1 tabIndex={-1}>{data ? stepLabel(data.step) : t('console.page.task')}</h1>
      <LiveStatus message={status.message} tone={status.tone} />
      {task.error ? <ErrorNotice error={task.error} /> : null}
      {task.loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <Section title={t('console.task.about')}>
            <Fields
              rows={[
                [
                  t('console.task.status'),
                  data.status === 'open' ? t('console.task.open') : t('console.task.completed'),
                ],
                [
                  t('console.queue.due'),
                  data.status === 'open' ? (
                    <>
                      <UrgencyBadge urgency={urgencyOf(data, now)} /> <Time at={data.dueAt} /> (
                      {relativeTime(data.dueAt, now)})
                    </>
                  ) : undefined,
                ],
                [t('console.field.organization'), data.organization],
                [
                  t('console.task.survey'),
                  data.surveyKind ? optionLabel('surveyKind', data.surveyKind) : undefined,
                ],
                [t('console.task.score'), data.score],
                [t('console.task.comment'), textOf(data.comment)],
                [
                  t('console.field.customerId'),
                  data.customerId ? (
                    <a href={href(`/customers/${data.customerId}`)}>{data.customerId}</a>
                  ) : undefined,
                ],
                [t('console.task.case'), data.reference],
                [
                  t('console.task.complaint'),
                  data.complaintId ? (
                    <a href={href(`/complaints/${data.complaintId}`, { task: data.taskId })}>
                      {data.reference ?? data.complaintId}
                    </a>
                  ) : undefined,
                ],
                [t('console.task.completedAt'), timeOf(data.completedAt)],
                [t('console.task.completedBy'), data.completedBy ? actorLabel(data.completedBy) : undefined],
                [t('console.field.outcome'), data.outcome ? optionLabel('outcome', data.outcome) : undefined],
                [t('console.field.note'), textOf(data.note)],
              ]}
            />
          </Section>
          {data.status === 'open' && data.kind === 'surveyFollowUp' ? (
            <Section title={t('console.task.formTitle', { step: stepLabel(data.step) })}>
              <TaskForm
                task={data}
                onDone={() => {
                  status.say(t('console.task.done', { step: stepLabel(data.step) }), 'success');
                  task.reload();
                }}
              />
            </Section>
          ) : null}
          {data.status === 'open' && data.kind === 'workflow' && data.complaintId ? (
            <p>
              <a class="button-link" href={href(`/complaints/${data.complaintId}`, { task: data.taskId })}>
                {t('console.task.goToComplaint')}
              </a>
            </p>
          ) : null}
        </>
      ) : null}
    </>
  );
}
