import { useMemo } from 'preact/hooks';
import { ErrorNotice, Loading, Time, UrgencyBadge } from '../components/ui.tsx';
import { useApi } from '../components/use-api.ts';
import { t } from '../i18n.ts';
import { relativeTime, stepLabel } from '../labels.ts';
import { queueOrder, urgencyOf } from '../queue/urgency.ts';
import { href } from '../router.ts';
import type { Task } from '../types.ts';

/** Where a task is done: the complaint page focused on it, or the task page (survey follow-ups). */
export const taskHref = (task: Pick<Task, 'taskId' | 'kind' | 'complaintId'>): string =>
  task.kind === 'workflow' && task.complaintId
    ? href(`/complaints/${task.complaintId}`, { task: task.taskId })
    : href(`/tasks/${task.taskId}`);

/**
 * 我的待办: the caller's open tasks (GET /v1/tasks, by role and department), overdue first, then the
 * earliest due, each with its urgency badge and a link to where it is done. A plain table of links:
 * Tab moves from task to task, Enter opens one.
 */
export function QueuePage() {
  const tasks = useApi<{ items: Task[] }>('/v1/tasks');
  const now = new Date();
  const ordered = useMemo(() => queueOrder(tasks.data?.items ?? [], now), [tasks.data]);
  const counts = {
    overdue: ordered.filter((task) => urgencyOf(task, now) === 'overdue').length,
    atRisk: ordered.filter((task) => urgencyOf(task, now) === 'atRisk').length,
  };
  return (
    <>
      <h1 tabIndex={-1}>{t('console.page.queue')}</h1>
      <div class="toolbar">
        <p class="muted">{t('console.queue.intro')}</p>
        <button type="button" class="secondary" onClick={tasks.reload}>
          {t('console.refresh')}
        </button>
      </div>
      {tasks.error ? <ErrorNotice error={tasks.error} /> : null}
      {tasks.loading && !tasks.data ? <Loading /> : null}
      {tasks.data ? (
        ordered.length === 0 ? (
          <p class="empty-state">
            <span aria-hidden="true">✓ </span>
            {t('console.queue.empty')}
          </p>
        ) : (
          <table class="data queue">
            <caption>{t('console.queue.caption', { count: ordered.length, ...counts })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('console.queue.urgency')}</th>
                <th scope="col">{t('console.queue.step')}</th>
                <th scope="col">{t('console.queue.case')}</th>
                <th scope="col">{t('console.queue.due')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('console.queue.action')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {ordered.map((task) => {
                const urgency = urgencyOf(task, now);
                return (
                  <tr
                    key={task.taskId}
                    data-testid="task-row"
                    data-urgency={urgency}
                    class={`urgency-${urgency}`}
                  >
                    <td>
                      <UrgencyBadge urgency={urgency} />
                      {task.escalations > 0 ? (
                        <span class="badge badge-escalated">
                          {t('console.queue.escalated', { count: task.escalations })}
                        </span>
                      ) : null}
                    </td>
                    <td>{stepLabel(task.step)}</td>
                    <td>
                      <span class="reference">{task.reference ?? '—'}</span>
                      <br />
                      <span class="muted">
                        {task.organization}
                        {task.kind === 'surveyFollowUp' && task.score !== undefined
                          ? ` · ${t('console.queue.score', { score: task.score })}`
                          : ''}
                      </span>
                    </td>
                    <td>
                      <Time at={task.dueAt} />
                      <br />
                      <span class="muted">{relativeTime(task.dueAt, now)}</span>
                    </td>
                    <td>
                      <a
                        class="button-link"
                        href={taskHref(task)}
                        aria-label={t('console.queue.openTask', {
                          step: stepLabel(task.step),
                          reference: task.reference ?? task.organization,
                        })}
                      >
                        {t('console.queue.open')}
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )
      ) : null}
    </>
  );
}
