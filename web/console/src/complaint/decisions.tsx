import { taskCompletion } from '../../../../shared/schemas/decisions.ts';
import { type FieldRow, Fields, Time } from '../components/ui.tsx';
import { describeForm, optionOf } from '../forms/fields.ts';
import { t } from '../i18n.ts';
import { actorLabel, fieldLabel, formatCny, optionLabel, stepLabel } from '../labels.ts';
import type { ComplaintWorkflow, Signed } from '../types.ts';

/** The step's fields in its schema's order (the order of its form). */
const fieldOrder = (step: string): string[] => {
  const schema = optionOf(taskCompletion.options, 'step', step);
  return schema ? describeForm(schema).fields.map((field) => field.name) : [];
};

/** Fields whose values are enum members (shown with their label). */
const enumFields = new Set(['cause', 'responsibility', 'decision', 'channel', 'result']);

/** One recorded decision: its fields (labelled like the form that made it), then who and when. */
function Decision({ title, step, decision }: { title: string; step: string; decision: Signed }) {
  const order = fieldOrder(step);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const rows: FieldRow[] = Object.entries(decision as unknown as Record<string, unknown>)
    .sort(([a], [b]) => rank(a) - rank(b))
    .filter(([name, value]) => !['by', 'at', 'review'].includes(name) && value !== undefined)
    .map(([name, value]) => [
      fieldLabel(name),
      name === 'preliminaryLossCny' && typeof value === 'number' ? (
        formatCny(value)
      ) : typeof value === 'boolean' ? (
        value ? (
          t('console.yes')
        ) : (
          t('console.no')
        )
      ) : enumFields.has(name) && typeof value === 'string' ? (
        optionLabel(name, value)
      ) : name === 'revisedStandardUrl' && typeof value === 'string' ? (
        <a href={value} rel="noopener noreferrer" target="_blank">
          {value}
        </a>
      ) : (
        <span class="pre">{String(value)}</span>
      ),
    ]);
  return (
    <article class="decision">
      <h3>{title}</h3>
      <p class="muted">
        {actorLabel(decision.by)} · <Time at={decision.at} />
      </p>
      <Fields rows={rows} />
    </article>
  );
}

/** Everything decided about the complaint, in the procedure's order (GET /v1/complaints/{id} `workflow`). */
export function Decisions({ workflow }: { workflow: ComplaintWorkflow | undefined }) {
  if (!workflow) return <p class="muted">{t('console.complaint.noDecisions')}</p>;
  const numbered = (step: string, index: number, total: number) =>
    total > 1 ? `${stepLabel(step)} (${index + 1}/${total})` : stepLabel(step);
  const parts = [
    ...workflow.investigations.map((d, i, all) => (
      <Decision
        key={`i${i}`}
        step="investigation"
        title={numbered('investigation', i, all.length)}
        decision={d}
      />
    )),
    ...workflow.approvals.map((d, i, all) => (
      <Decision
        key={`a${i}`}
        step="productionApproval"
        title={numbered('productionApproval', i, all.length)}
        decision={d}
      />
    )),
    ...workflow.replies.map((d, i, all) => (
      <Decision
        key={`r${i}`}
        step="customerReply"
        title={numbered('customerReply', i, all.length)}
        decision={d}
      />
    )),
  ];
  const capa = workflow.capa;
  return (
    <>
      {parts.length === 0 && !capa ? <p class="muted">{t('console.complaint.noDecisions')}</p> : parts}
      {capa ? (
        <section class="capa" aria-label={t('console.complaint.capa', { number: capa.number })}>
          <h3>{t('console.complaint.capa', { number: capa.number })}</h3>
          <p class="muted">
            {t('console.complaint.capaRequested', { department: capa.departmentId })} ·{' '}
            <Time at={capa.requestedAt} />
          </p>
          {capa.rounds.map((round) => (
            <div class="capa-round" key={round.round}>
              <h4>{t('console.complaint.round', { round: round.round })}</h4>
              {round.proposals.map((proposal, i) => (
                <div key={i}>
                  <Decision
                    step="rootCause"
                    title={numbered('rootCause', i, round.proposals.length)}
                    decision={proposal}
                  />
                  {proposal.review ? (
                    <Decision
                      step="qualityReview"
                      title={stepLabel('qualityReview')}
                      decision={proposal.review}
                    />
                  ) : null}
                </div>
              ))}
              {round.reply ? (
                <Decision step="capaReply" title={stepLabel('capaReply')} decision={round.reply} />
              ) : null}
              {round.execution ? (
                <Decision
                  step="executionReport"
                  title={stepLabel('executionReport')}
                  decision={round.execution}
                />
              ) : null}
              {round.verification ? (
                <Decision
                  step="verification"
                  title={stepLabel('verification')}
                  decision={round.verification}
                />
              ) : null}
            </div>
          ))}
        </section>
      ) : null}
      {workflow.standardRevision ? (
        <Decision
          step="standardRevision"
          title={stepLabel('standardRevision')}
          decision={workflow.standardRevision}
        />
      ) : null}
    </>
  );
}
