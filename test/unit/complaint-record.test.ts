import {
  emptyWorkflowRecord,
  recordDecision,
  withCapaRequest,
} from '../../shared/domain/complaint-record.ts';
import type { TaskDecision } from '../../shared/schemas/decisions.ts';

const by = { kind: 'staff' as const, sub: 'u1', roles: ['quality'] };
const at = (minute: number) =>
  `2026-11-27T0${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}:00.000Z`;
const apply = (decisions: TaskDecision[], start = emptyWorkflowRecord) =>
  decisions.reduce(
    (record, decision, i) => recordDecision(record, decision, { by, at: at(i) }, '2026-11-28T16:00:00.000Z'),
    start,
  );

const internal: TaskDecision = {
  step: 'investigation',
  findings: '封边胶水不足',
  cause: 'workmanship',
  responsibility: 'internal',
  responsibleDepartmentId: 'assembly',
  preliminaryLossCny: 1200.5,
  handlingOpinion: '更换',
};
const proposal: TaskDecision = {
  step: 'rootCause',
  rootCause: '胶量设定错误',
  correctiveMeasures: '调整',
  preventiveMeasures: '点检',
};
const review = (decision: 'approve' | 'reject'): TaskDecision => ({
  step: 'qualityReview',
  decision,
  ...(decision === 'reject' ? { reason: '不充分' } : {}),
});
const verify = (result: 'effective' | 'ineffective'): TaskDecision => ({
  step: 'verification',
  result,
  notes: '抽检',
});

describe('recordDecision', () => {
  it('keeps every investigation and approval in order, signed', () => {
    const record = apply([
      internal,
      { step: 'productionApproval', decision: 'reject', reason: '证据不足' },
      internal,
    ]);
    expect(record.investigations).toHaveLength(2);
    expect(record.approvals[0]).toMatchObject({ decision: 'reject', by, at: at(1) });
  });

  it('marks the reply late when it comes after the due time', () => {
    const onTime = recordDecision(
      emptyWorkflowRecord,
      { step: 'customerReply', reply: '已安排', channel: 'phone' },
      { by, at: '2026-11-28T15:59:59.000Z' },
      '2026-11-28T16:00:00.000Z',
    );
    const late = recordDecision(
      emptyWorkflowRecord,
      { step: 'customerReply', reply: '已安排', channel: 'phone' },
      { by, at: '2026-11-28T16:00:01.000Z' },
      '2026-11-28T16:00:00.000Z',
    );
    expect(onTime.replies[0]?.onTime).toBe(true);
    expect(late.replies[0]?.onTime).toBe(false);
  });

  it('keeps rejected proposals in the same round and opens a new round after an ineffective verification', () => {
    const requested = withCapaRequest(apply([internal]), 'CAPA-20261127-0001', at(0));
    const record = apply(
      [
        proposal,
        review('reject'),
        proposal,
        review('reject'),
        proposal,
        review('approve'),
        { step: 'capaReply', reply: '措施', channel: 'email' },
        { step: 'executionReport', report: '已执行', completedOn: '2026-11-27' },
        verify('ineffective'),
        proposal,
        review('approve'),
        verify('effective'),
      ],
      requested,
    );
    const rounds = record.capa?.rounds ?? [];
    expect(rounds.map((r) => r.proposals.length)).toEqual([3, 1]);
    expect(rounds[0]?.proposals.map((p) => p.review?.decision)).toEqual(['reject', 'reject', 'approve']);
    expect(rounds.map((r) => r.verification?.result)).toEqual(['ineffective', 'effective']);
    expect(rounds[1]?.verification).toMatchObject({ by, at: at(11) });
    expect(record.capa?.departmentId).toBe('assembly');
  });

  it('refuses a CAPA request without a responsible department', () => {
    expect(() => withCapaRequest(emptyWorkflowRecord, 'CAPA-1', at(0))).toThrow('responsible department');
  });
});
