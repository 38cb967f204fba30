import { useEffect, useRef, useState } from 'preact/hooks';
import { routes } from '../../../../shared/http/routes.ts';
import { humanSteps } from '../../../../shared/workflow/human-steps.ts';
import { mayCall } from '../access.ts';
import { ApiError, apiFetch, apiGet } from '../api.ts';
import { Decisions } from '../complaint/decisions.tsx';
import { ProgressBar } from '../complaint/progress-bar.tsx';
import {
  CaseDeliveries,
  CaseSummary,
  caseLead,
  PageHead,
  Pending,
  SummaryItem,
  TimelineSection,
  useCustomer,
} from '../components/case-page.tsx';
import { CaseReport } from '../components/case-report.tsx';
import { CustomerSummary, WarrantyDecisionView } from '../components/customer-delivery.tsx';
import { useLiveStatus } from '../components/live-status.tsx';
import { saveBlob } from '../components/save-file.ts';
import { ErrorNotice, Section, Time, UrgencyBadge } from '../components/ui.tsx';
import { useApi } from '../components/use-api.ts';
import { RouteForm } from '../forms/route-form.tsx';
import { TaskForm } from '../forms/task-form.tsx';
import { t } from '../i18n.ts';
import { relativeTime, roleLabel, stepLabel } from '../labels.ts';
import type { PageProps } from '../page.ts';
import { urgencyOf } from '../queue/urgency.ts';
import type { ChainVerification, ComplaintView, Task } from '../types.ts';

const ARCHIVED = 'ARCHIVED';

/** Why a page action failed, in one line for the live region. */
const failure = (error: unknown) =>
  error instanceof ApiError
    ? error.status === 403
      ? t('console.error.forbidden')
      : error.status === 404
        ? `${t('console.error.notFound')} ${error.title}`
        : error.title
    : t('console.error.network');

/**
 * The complaint page (`#/complaints/:id`): where it stands (status, reply due, the procedure's
 * steps), the caller's task on it with the form of its step, the purchaser's consent to a later
 * reply, the report, customer, delivery and warranty, every decision, and the audit timeline with
 * its chain check and the dossier PDF. Everything comes from the API with the caller's token.
 */
export function ComplaintPage({ params, query }: PageProps) {
  const id = params.id ?? '';
  const complaint = useApi<ComplaintView>(`/v1/complaints/${encodeURIComponent(id)}`);
  const canListTasks = mayCall(routes.listTasks);
  const tasks = useApi<{ items: Task[] }>(canListTasks ? '/v1/tasks' : undefined);
  const view = complaint.data;
  const customer = useCustomer(view?.customerId);
  const status = useLiveStatus();
  const [chain, setChain] = useState<ChainVerification | undefined>();
  const [busy, setBusy] = useState<'chain' | 'dossier' | undefined>();
  const taskHeading = useRef<HTMLHeadingElement>(null);
  const focusedTask = useRef(false);

  const task = tasks.data?.items.find((item) => item.complaintId === id && item.status === 'open');

  // Opened from the queue (`?task=`): once the task's form is there, focus moves to it.
  useEffect(() => {
    if (task && query.get('task') === task.taskId && !focusedTask.current) {
      focusedTask.current = true;
      taskHeading.current?.focus();
    }
  }, [task, query]);

  const reload = () => {
    complaint.reload();
    tasks.reload();
  };

  const verifyChain = async () => {
    setBusy('chain');
    try {
      const result = await apiGet<ChainVerification>(`/v1/complaints/${encodeURIComponent(id)}/verify-chain`);
      setChain(result);
      status.say(
        result.intact
          ? t('console.chain.intact', { events: result.events })
          : t('console.chain.broken', { at: result.brokenAt ?? '?', events: result.events }),
        result.intact ? 'success' : 'error',
      );
    } catch (error) {
      status.say(failure(error), 'error');
    } finally {
      setBusy(undefined);
    }
  };

  const downloadDossier = async () => {
    setBusy('dossier');
    status.say(t('console.dossier.preparing'));
    try {
      const response = await apiFetch(`/v1/complaints/${encodeURIComponent(id)}/dossier.pdf`, {
        headers: { Accept: 'application/pdf' },
      });
      saveBlob(await response.blob(), `${view?.reference ?? id}.pdf`);
      status.say(t('console.dossier.saved', { file: `${view?.reference ?? id}.pdf` }), 'success');
    } catch (error) {
      status.say(failure(error), 'error');
    } finally {
      setBusy(undefined);
    }
  };

  const now = new Date();
  const replied = (view?.workflow?.replies.length ?? 0) > 0;
  const replyOpen = view?.replyDueAt !== undefined && !replied && view.status !== ARCHIVED;
  const canExtend =
    replyOpen && mayCall(routes.extendReplyDeadline) && Date.parse(view?.replyDueAt ?? '') > now.getTime();
  const stepOwners =
    view?.currentStep && view.currentStep in humanSteps
      ? humanSteps[view.currentStep as keyof typeof humanSteps].roles
          .map(roleLabel)
          .join(t('console.listSeparator'))
      : undefined;

  // The caller's task on this complaint. Roles that do a step but may not read complaints
  // (departments: root cause, execution, standard) still get its form, without the case around it.
  const taskPanel = task ? (
    <section class="panel task-panel" aria-labelledby="task-heading">
      <h2 id="task-heading" tabIndex={-1} ref={taskHeading}>
        {t('console.task.formTitle', { step: stepLabel(task.step) })}
      </h2>
      <p>
        <UrgencyBadge urgency={urgencyOf(task, now)} /> {t('console.task.dueAt')} <Time at={task.dueAt} />{' '}
        <span class="muted">({relativeTime(task.dueAt, now)})</span>
      </p>
      <TaskForm
        key={task.taskId}
        task={task}
        onDone={() => {
          status.say(t('console.task.done', { step: stepLabel(task.step) }), 'success');
          reload();
        }}
      />
    </section>
  ) : undefined;
  const caseHidden = complaint.error instanceof ApiError && complaint.error.status === 403;

  return (
    <>
      <PageHead
        heading={
          view || task?.reference
            ? t('console.complaint.heading', { reference: view?.reference ?? task?.reference ?? '' })
            : t('console.page.complaint')
        }
        status={status}
        request={complaint}
        hideError={caseHidden && !!task}
      />
      {caseHidden && task ? (
        <>
          <p class="lead">{task.organization}</p>
          <p class="notice">{t('console.complaint.taskOnly')}</p>
          {taskPanel}
        </>
      ) : null}
      {view ? (
        <>
          <CaseSummary lead={caseLead(view)} status={view.status}>
            {view.currentStep ? (
              <SummaryItem label={t('console.complaint.currentStep')} value={stepLabel(view.currentStep)} />
            ) : null}
            {view.replyDueAt ? (
              <SummaryItem label={t('console.complaint.replyDue')}>
                {replyOpen ? (
                  <UrgencyBadge urgency={urgencyOf({ dueAt: view.replyDueAt, overdue: false }, now)} />
                ) : null}{' '}
                <Time at={view.replyDueAt} />
                {replyOpen ? <span class="muted"> ({relativeTime(view.replyDueAt, now)})</span> : null}
                {replied ? <span class="muted"> {t('console.complaint.replied')}</span> : null}
                {view.replyDueEstimated ? (
                  <span class="muted"> {t('console.complaint.estimated')}</span>
                ) : null}
              </SummaryItem>
            ) : null}
            <div class="summary-actions">
              <button
                type="button"
                class="secondary"
                onClick={verifyChain}
                aria-disabled={busy === 'chain' ? true : undefined}
              >
                <span aria-hidden="true">✓ </span>
                {t('console.chain.verify')}
              </button>
              <button
                type="button"
                class="secondary"
                onClick={downloadDossier}
                aria-disabled={busy === 'dossier' ? true : undefined}
              >
                <span aria-hidden="true">⬇ </span>
                {t('console.dossier.download')}
              </button>
            </div>
          </CaseSummary>
          {chain ? (
            <p class={chain.intact ? 'notice notice-success' : 'notice notice-error'}>
              <span aria-hidden="true">{chain.intact ? '✓ ' : '✗ '}</span>
              {chain.intact
                ? t('console.chain.intact', { events: chain.events })
                : t('console.chain.broken', { at: chain.brokenAt ?? '?', events: chain.events })}
            </p>
          ) : null}

          <Section title={t('console.complaint.progress')}>
            <ProgressBar
              {...(view.currentStep ? { currentStep: view.currentStep } : {})}
              {...(view.workflow ? { workflow: view.workflow } : {})}
            />
          </Section>

          {taskPanel ??
            (view.openTaskId && stepOwners ? (
              <p class="notice">
                {t('console.complaint.stepOwners', {
                  step: stepLabel(view.currentStep ?? ''),
                  roles: stepOwners,
                })}
              </p>
            ) : null)}
          {tasks.error && !(tasks.error instanceof ApiError && tasks.error.status === 403) ? (
            <ErrorNotice error={tasks.error} />
          ) : null}

          {canExtend ? (
            <Section title={t('console.extension.title')}>
              <details class="disclosure">
                <summary>{t('console.extension.open')}</summary>
                <p class="hint">{t('console.extension.intro')}</p>
                <RouteForm
                  route={routes.extendReplyDeadline}
                  params={{ id }}
                  formId="reply-extension"
                  hintScope="replyExtension"
                  testId="reply-extension-form"
                  submitLabel={t('console.extension.submit')}
                  onDone={() => {
                    status.say(t('console.extension.done'), 'success');
                    reload();
                  }}
                />
              </details>
            </Section>
          ) : null}

          <Section title={t('console.complaint.report')}>
            <CaseReport view={view} />
          </Section>

          <Section title={t('console.case.customerAndDelivery')}>
            {view.customerId ? (
              <Pending state={customer}>{(data) => <CustomerSummary customer={data} />}</Pending>
            ) : (
              <p class="muted">{t('console.case.noCustomer')}</p>
            )}
            <h3>{t('console.case.delivery')}</h3>
            <CaseDeliveries details={view.details} customer={customer.data} />
            {view.warranty ? (
              <>
                <h3>{t('console.case.warranty')}</h3>
                <WarrantyDecisionView warranty={view.warranty} />
              </>
            ) : null}
          </Section>

          <Section title={t('console.complaint.decisions')}>
            <Decisions workflow={view.workflow} />
          </Section>

          {view.linkedComplaintIds && view.linkedComplaintIds.length > 0 ? (
            <Section title={t('console.complaint.linked')}>
              <ul>
                {view.linkedComplaintIds.map((linked) => (
                  <li key={linked}>
                    <a href={`#/complaints/${linked}`}>{linked}</a>
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}

          <TimelineSection events={view.timeline} />
        </>
      ) : null}
    </>
  );
}
