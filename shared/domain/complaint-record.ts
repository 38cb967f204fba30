import type { TaskDecision } from '../schemas/decisions.ts';
import type { Actor } from '../store/audit.ts';

/** Who decided and when: every decision of the procedure carries it (records control, §3.7). */
export interface Signed {
  readonly by: Actor;
  readonly at: string;
}

type Without<T, K extends keyof T> = Omit<T, K>;
type DecisionOf<S extends TaskDecision['step']> = Without<Extract<TaskDecision, { step: S }>, 'step'>;

/** The department's root cause and measures, and Quality's review of them. */
export type CapaProposal = DecisionOf<'rootCause'> &
  Signed & { readonly review?: DecisionOf<'qualityReview'> & Signed };

/**
 * One round: proposals until Quality approves, the reply to the purchaser, the execution
 * report and the effectiveness verification. An ineffective verification starts a new round.
 */
export interface CapaRound {
  readonly round: number;
  readonly proposals: readonly CapaProposal[];
  readonly reply?: DecisionOf<'capaReply'> & Signed;
  readonly execution?: DecisionOf<'executionReport'> & Signed;
  /** 有效性验证: the result, with the verification time and the verifier. */
  readonly verification?: DecisionOf<'verification'> & Signed;
}

/** 《纠正预防措施要求表》: the request to the responsible department and its rounds until effective. */
export interface CapaRecord {
  readonly number: string;
  readonly departmentId: string;
  readonly requestedAt: string;
  readonly rounds: readonly CapaRound[];
}

/** Everything decided about a complaint, in order. */
export interface ComplaintWorkflowRecord {
  /** When group Quality and the factory's Quality were sent the Complaint Report. */
  readonly qualityNotifiedAt?: string;
  /** When the statistics and the request to revise the standard went to the department. */
  readonly statisticsSentAt?: string;
  readonly investigations: readonly (DecisionOf<'investigation'> & Signed)[];
  readonly approvals: readonly (DecisionOf<'productionApproval'> & Signed)[];
  readonly replies: readonly (DecisionOf<'customerReply'> & Signed & { readonly onTime: boolean })[];
  readonly capa?: CapaRecord;
  readonly standardRevision?: DecisionOf<'standardRevision'> & Signed;
}

export const emptyWorkflowRecord: ComplaintWorkflowRecord = {
  investigations: [],
  approvals: [],
  replies: [],
};

/** The investigation whose opinion is in force: the latest one. */
export const latestInvestigation = (record: ComplaintWorkflowRecord) => record.investigations.at(-1);

/** The responsible department of an internal complaint, once Quality has named it. */
export const responsibleDepartment = (record: ComplaintWorkflowRecord): string | undefined =>
  record.capa?.departmentId ?? latestInvestigation(record)?.responsibleDepartmentId;

/** Opens the CAPA request for the department named by the investigation. */
export function withCapaRequest(
  record: ComplaintWorkflowRecord,
  number: string,
  at: string,
): ComplaintWorkflowRecord {
  const departmentId = responsibleDepartment(record);
  if (!departmentId) throw new Error('a CAPA request needs a responsible department');
  return { ...record, capa: { number, departmentId, requestedAt: at, rounds: [] } };
}

function withRounds(record: ComplaintWorkflowRecord, rounds: CapaRound[]): ComplaintWorkflowRecord {
  if (!record.capa) throw new Error('no CAPA request yet');
  return { ...record, capa: { ...record.capa, rounds } };
}

/** Applies `update` to the current round. */
function inCurrentRound(
  record: ComplaintWorkflowRecord,
  update: (round: CapaRound) => CapaRound,
): ComplaintWorkflowRecord {
  const rounds = [...(record.capa?.rounds ?? [])];
  const current = rounds.at(-1);
  if (!current) throw new Error('no CAPA round yet');
  rounds[rounds.length - 1] = update(current);
  return withRounds(record, rounds);
}

/** A root cause opens the first round, or a new one after an ineffective verification; else it is a new proposal. */
function withProposal(record: ComplaintWorkflowRecord, proposal: CapaProposal): ComplaintWorkflowRecord {
  const rounds = [...(record.capa?.rounds ?? [])];
  const current = rounds.at(-1);
  if (!current || current.verification) {
    return withRounds(record, [...rounds, { round: rounds.length + 1, proposals: [proposal] }]);
  }
  return inCurrentRound(record, (round) => ({ ...round, proposals: [...round.proposals, proposal] }));
}

/**
 * Records a decision on the complaint's record. Pure: `replyDueAt` decides whether the
 * first reply was on time (requirements.md §3.5).
 */
export function recordDecision(
  record: ComplaintWorkflowRecord,
  decision: TaskDecision,
  signed: Signed,
  replyDueAt: string | undefined,
): ComplaintWorkflowRecord {
  const { step: _step, ...data } = decision;
  switch (decision.step) {
    case 'investigation':
      return {
        ...record,
        investigations: [...record.investigations, { ...(data as DecisionOf<'investigation'>), ...signed }],
      };
    case 'productionApproval':
      return {
        ...record,
        approvals: [...record.approvals, { ...(data as DecisionOf<'productionApproval'>), ...signed }],
      };
    case 'customerReply': {
      const onTime = replyDueAt === undefined || signed.at <= replyDueAt;
      return {
        ...record,
        replies: [...record.replies, { ...(data as DecisionOf<'customerReply'>), ...signed, onTime }],
      };
    }
    case 'rootCause':
      return withProposal(record, { ...(data as DecisionOf<'rootCause'>), ...signed });
    case 'qualityReview':
      return inCurrentRound(record, (round) => {
        const proposals = [...round.proposals];
        const last = proposals.at(-1);
        if (!last) throw new Error('nothing to review');
        proposals[proposals.length - 1] = {
          ...last,
          review: { ...(data as DecisionOf<'qualityReview'>), ...signed },
        };
        return { ...round, proposals };
      });
    case 'capaReply':
      return inCurrentRound(record, (round) => ({
        ...round,
        reply: { ...(data as DecisionOf<'capaReply'>), ...signed },
      }));
    case 'executionReport':
      return inCurrentRound(record, (round) => ({
        ...round,
        execution: { ...(data as DecisionOf<'executionReport'>), ...signed },
      }));
    case 'verification':
      return inCurrentRound(record, (round) => ({
        ...round,
        verification: { ...(data as DecisionOf<'verification'>), ...signed },
      }));
    case 'standardRevision':
      return { ...record, standardRevision: { ...(data as DecisionOf<'standardRevision'>), ...signed } };
  }
}
