import { useState } from 'preact/hooks';
import { routes } from '../../../../shared/http/routes.ts';
import { mayCall } from '../access.ts';
import { PageHead, Pending, SummaryItem, TimelineSection } from '../components/case-page.tsx';
import { LiveStatus, useLiveStatus } from '../components/live-status.tsx';
import { ErrorNotice, Fields, Loading, Section, StatusBadge, Text, Time, textOf } from '../components/ui.tsx';
import { useApi } from '../components/use-api.ts';
import { RouteForm } from '../forms/route-form.tsx';
import { t } from '../i18n.ts';
import { actorLabel, kindLabel, optionLabel, stepLabel } from '../labels.ts';
import type { PageProps } from '../page.ts';
import { href } from '../router.ts';
import type { CareOverview, ContactLogEntry, CustomerSurvey, CustomerView, Page } from '../types.ts';

/** The console page of a case by its kind. */
const casePath = (kind: string, id: string) =>
  kind === 'complaint'
    ? `/complaints/${id}`
    : kind === 'serviceRequest'
      ? `/service-requests/${id}`
      : `/inquiries/${id}`;

const planTone = { onTrack: 'badge-done', behind: 'badge-atRisk', noPlan: 'badge-new' } as const;
const planIcon = { onTrack: '✓', behind: '⚠', noPlan: '–' } as const;

/** A survey's answer in one line: the score, or the follow-up's status and problem. */
function answerOf(survey: CustomerSurvey): string {
  const answer = survey.answer;
  if (!answer) return '';
  if ('score' in answer) return t('console.survey.score', { score: answer.score });
  return [optionLabel('followUpStatus', answer.status), answer.problem].filter(Boolean).join(' · ');
}

function CarePanel({ care }: { care: CareOverview }) {
  const plan = care.plan;
  return (
    <>
      <p>
        <span class={`badge ${planTone[plan.status]}`}>
          <span aria-hidden="true">{planIcon[plan.status]} </span>
          {t(`console.care.${plan.status}`)}
        </span>{' '}
        <span class="muted">{t('console.care.asOf', { date: care.asOf })}</span>
      </p>
      <Fields
        rows={[
          [
            t('console.care.accountManager'),
            care.accountManager ? `${care.accountManager.name} · ${care.accountManager.email}` : undefined,
          ],
          [
            t('console.care.visits'),
            plan.visits
              ? t('console.care.progress', {
                  done: plan.visits.done,
                  planned: plan.visits.planned,
                  period: plan.visits.period,
                  due: plan.visits.dueByNow,
                })
              : undefined,
          ],
          [
            t('console.care.calls'),
            plan.calls
              ? t('console.care.progress', {
                  done: plan.calls.done,
                  planned: plan.calls.planned,
                  period: plan.calls.period,
                  due: plan.calls.dueByNow,
                })
              : undefined,
          ],
          [
            t('console.care.nextContact'),
            plan.nextContact ? (
              <>
                {plan.nextContact.on}{' '}
                {plan.nextContact.overdue ? (
                  <span class="badge badge-overdue">
                    <span aria-hidden="true">⚠ </span>
                    {t('console.care.overdueDays', { days: plan.nextContact.daysOverdue ?? 0 })}
                  </span>
                ) : null}
              </>
            ) : undefined,
          ],
          [
            t('console.care.pendingFollowUps'),
            care.pendingFollowUps.length > 0 ? (
              <ul class="plain">
                {care.pendingFollowUps.map((followUp) => (
                  <li key={`${followUp.contactId}${followUp.on}`}>
                    {followUp.on} {followUp.overdue ? <strong>{t('console.care.overdue')}</strong> : null}
                  </li>
                ))}
              </ul>
            ) : undefined,
          ],
          [
            t('console.care.latestCsat'),
            care.latestAnswers.csat
              ? `${care.latestAnswers.csat.score}/5${care.latestAnswers.csat.comment ? ` · ${care.latestAnswers.csat.comment}` : ''}`
              : undefined,
          ],
          [
            t('console.care.latestNps'),
            care.latestAnswers.nps
              ? `${care.latestAnswers.nps.score}/10${care.latestAnswers.nps.comment ? ` · ${care.latestAnswers.nps.comment}` : ''}`
              : undefined,
          ],
        ]}
      />
      <h3>{t('console.care.openCases')}</h3>
      {care.openCases.length === 0 ? (
        <p class="muted">{t('console.care.noOpenCases')}</p>
      ) : (
        <table class="data compact">
          <caption class="visually-hidden">{t('console.care.openCases')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('console.field.reference')}</th>
              <th scope="col">{t('console.field.kind')}</th>
              <th scope="col">{t('console.field.title')}</th>
              <th scope="col">{t('console.field.status')}</th>
              <th scope="col">{t('console.field.receivedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {care.openCases.map((item) => (
              <tr key={item.id}>
                <th scope="row">
                  <a href={href(casePath(item.kind, item.id))}>{item.reference}</a>
                </th>
                <td>{kindLabel(item.kind)}</td>
                <td>{item.title}</td>
                <td>
                  <StatusBadge status={item.status} />
                  {item.currentStep ? <span class="muted"> {stepLabel(item.currentStep)}</span> : null}
                </td>
                <td>
                  <Time at={item.receivedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {care.openFollowUpTasks.length > 0 ? (
        <>
          <h3>{t('console.care.followUpTasks')}</h3>
          <ul>
            {care.openFollowUpTasks.map((task) => (
              <li key={task.taskId}>
                <a href={href(`/tasks/${task.taskId}`)}>
                  {optionLabel('surveyKind', task.surveyKind)}
                  {task.score !== undefined ? ` · ${t('console.survey.score', { score: task.score })}` : ''}
                  {task.caseReference ? ` · ${task.caseReference}` : ''}
                </a>{' '}
                <span class="muted">
                  {t('console.task.dueAt')} <Time at={task.dueAt} />
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** A customer's surveys, newest first, a page at a time. */
function Surveys({ customerId }: { customerId: string }) {
  const [cursor, setCursor] = useState<string | undefined>();
  const surveys = useApi<Page<CustomerSurvey>>(`/v1/customers/${encodeURIComponent(customerId)}/surveys`, {
    ...(cursor ? { cursor } : {}),
  });
  if (surveys.error) return <ErrorNotice error={surveys.error} />;
  if (!surveys.data) return <Loading />;
  if (surveys.data.items.length === 0) return <p class="muted">{t('console.survey.none')}</p>;
  return (
    <>
      <table class="data compact">
        <caption class="visually-hidden">{t('console.customer.surveys')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('console.field.kind')}</th>
            <th scope="col">{t('console.field.status')}</th>
            <th scope="col">{t('console.survey.sentAt')}</th>
            <th scope="col">{t('console.survey.answer')}</th>
            <th scope="col">{t('console.survey.case')}</th>
            <th scope="col">{t('console.survey.followUp')}</th>
          </tr>
        </thead>
        <tbody>
          {surveys.data.items.map((survey) => (
            <tr key={survey.id}>
              <td>{optionLabel('surveyKind', survey.kind)}</td>
              <td>{optionLabel('surveyStatus', survey.status)}</td>
              <td>
                <Time at={survey.sentAt ?? survey.dueAt} />
              </td>
              <td>{answerOf(survey)}</td>
              <td>{survey.caseReference ?? survey.createdCaseReference ?? ''}</td>
              <td>
                {survey.followUpResult ? (
                  optionLabel('outcome', survey.followUpResult.outcome)
                ) : survey.followUpTaskId ? (
                  <a href={href(`/tasks/${survey.followUpTaskId}`)}>{t('console.survey.openFollowUp')}</a>
                ) : (
                  ''
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {surveys.data.nextCursor ? (
        <button type="button" class="secondary" onClick={() => setCursor(surveys.data?.nextCursor)}>
          {t('console.list.next')}
        </button>
      ) : null}
    </>
  );
}

/** The logged contacts, newest first; staff who may log one get the form (from its route). */
function Contacts({ customerId, onLogged }: { customerId: string; onLogged: () => void }) {
  const contacts = useApi<Page<ContactLogEntry>>(`/v1/customers/${encodeURIComponent(customerId)}/contacts`);
  const status = useLiveStatus();
  return (
    <>
      <LiveStatus message={status.message} tone={status.tone} />
      {mayCall(routes.logCustomerContact) ? (
        <details class="disclosure">
          <summary>{t('console.contact.log')}</summary>
          <RouteForm
            route={routes.logCustomerContact}
            params={{ id: customerId }}
            formId="contact-log"
            submitLabel={t('console.contact.submit')}
            onDone={() => {
              status.say(t('console.contact.logged'), 'success');
              contacts.reload();
              onLogged();
            }}
          />
        </details>
      ) : null}
      {contacts.error ? <ErrorNotice error={contacts.error} /> : null}
      {contacts.data ? (
        contacts.data.items.length === 0 ? (
          <p class="muted">{t('console.contact.none')}</p>
        ) : (
          <ol class="contact-log">
            {contacts.data.items.map((entry) => (
              <li key={entry.id}>
                <strong>{optionLabel('contactKind', entry.kind)}</strong>{' '}
                <span class="muted">
                  <Time at={entry.at} /> · {actorLabel(entry.by)}
                  {entry.customerContact ? ` · ${entry.customerContact}` : ''}
                </span>
                <p>
                  <Text value={entry.summary} />
                </p>
                <Fields
                  rows={[
                    [t('console.field.needs'), textOf(entry.needs)],
                    [t('console.field.opportunities'), textOf(entry.opportunities)],
                    [t('console.field.followUpOn'), entry.followUpOn],
                  ]}
                />
              </li>
            ))}
          </ol>
        )
      ) : (
        <Loading />
      )}
    </>
  );
}

/**
 * A customer (`#/customers/:id`): profile and contacts, the care plan at a glance (on track? open
 * cases, follow-ups, latest scores), deliveries, surveys, logged contacts and the audit timeline.
 */
export function CustomerPage({ params }: PageProps) {
  const id = params.id ?? '';
  const customer = useApi<CustomerView>(`/v1/customers/${encodeURIComponent(id)}`);
  const care = useApi<CareOverview>(`/v1/customers/${encodeURIComponent(id)}/care`);
  const view = customer.data;
  return (
    <>
      <PageHead heading={view ? view.organization : t('console.page.customer')} request={customer} />
      {view ? (
        <>
          <div class="summary-bar">
            <SummaryItem label={t('console.field.tier')}>
              <span class={`badge ${view.tier === 'key' ? 'badge-active' : 'badge-new'}`}>
                <span aria-hidden="true">{view.tier === 'key' ? '★ ' : ''}</span>
                {optionLabel('tier', view.tier)}
              </span>
            </SummaryItem>
            <SummaryItem label={t('console.field.officeId')} value={view.officeId} />
            <SummaryItem label={t('console.customer.email')}>
              {view.doNotEmail ? (
                <span class="badge badge-overdue">
                  <span aria-hidden="true">✉✗ </span>
                  {t('console.customer.doNotEmail')}
                </span>
              ) : (
                <span class={`badge ${view.emailConsent ? 'badge-done' : 'badge-new'}`}>
                  {view.emailConsent ? t('console.customer.consent') : t('console.customer.noConsent')}
                </span>
              )}
            </SummaryItem>
            <nav class="summary-actions" aria-label={t('console.customer.cases')}>
              <a href={href('/complaints', { customerId: id })}>{t('console.page.complaints')}</a>
              <a href={href('/service-requests', { customerId: id })}>{t('console.page.serviceRequests')}</a>
              <a href={href('/inquiries', { customerId: id })}>{t('console.page.inquiries')}</a>
            </nav>
          </div>
          <Section title={t('console.customer.care')}>
            <Pending state={care}>{(data) => <CarePanel care={data} />}</Pending>
          </Section>
          <Section title={t('console.customer.profile')}>
            <Fields
              rows={[
                [t('console.customer.id'), <code>{view.id}</code>],
                [t('console.field.region'), view.region],
                [t('console.field.language'), optionLabel('language', view.language)],
                [t('console.customer.tags'), view.tags.join(t('console.listSeparator'))],
                [
                  t('console.care.contactPlan'),
                  view.contactPlan
                    ? [
                        view.contactPlan.visitsPerYear !== undefined
                          ? t('console.care.visitsPerYear', { n: view.contactPlan.visitsPerYear })
                          : '',
                        view.contactPlan.callsPerQuarter !== undefined
                          ? t('console.care.callsPerQuarter', { n: view.contactPlan.callsPerQuarter })
                          : '',
                      ]
                        .filter(Boolean)
                        .join(t('console.listSeparator'))
                    : undefined,
                ],
              ]}
            />
            <table class="data compact">
              <caption>{t('console.customer.contacts')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('console.field.contactName')}</th>
                  <th scope="col">{t('console.customer.position')}</th>
                  <th scope="col">{t('console.field.phone')}</th>
                  <th scope="col">{t('console.field.email')}</th>
                </tr>
              </thead>
              <tbody>
                {view.contacts.map((contact) => (
                  <tr key={`${contact.name}${contact.email ?? contact.phone}`}>
                    <th scope="row">
                      {contact.name}
                      {contact.primary ? <span class="muted"> {t('console.customer.primary')}</span> : null}
                    </th>
                    <td>{contact.title ?? ''}</td>
                    <td>{contact.phone ?? ''}</td>
                    <td>{contact.email ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <Section title={t('console.customer.deliveries')}>
            {view.deliveries.length === 0 ? (
              <p class="muted">{t('console.customer.noDeliveries')}</p>
            ) : (
              <table class="data compact">
                <caption class="visually-hidden">{t('console.customer.deliveries')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('console.field.orderRef')}</th>
                    <th scope="col">{t('console.field.batch')}</th>
                    <th scope="col">{t('console.delivery.deliveredOnHeader')}</th>
                    <th scope="col">{t('console.delivery.acceptedOnHeader')}</th>
                    <th scope="col">{t('console.delivery.products')}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.deliveries.map((delivery) => (
                    <tr key={delivery.id}>
                      <th scope="row">{delivery.orderRef}</th>
                      <td>{delivery.batch}</td>
                      <td>{delivery.deliveredOn}</td>
                      <td>{delivery.acceptedOn ?? ''}</td>
                      <td>
                        {delivery.items
                          .map((item) => `${item.productName} × ${item.quantity}`)
                          .join(t('console.listSeparator'))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Section>
          <Section title={t('console.customer.surveys')}>
            <Surveys customerId={id} />
          </Section>
          <Section title={t('console.customer.contactLog')}>
            <Contacts customerId={id} onLogged={care.reload} />
          </Section>
          <TimelineSection events={view.timeline} />
        </>
      ) : null}
    </>
  );
}
