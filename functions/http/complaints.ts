import { getCaseWithTimeline } from '../../shared/app/read-cases.ts';
import { extendReplyDeadline } from '../../shared/app/reply-deadline.ts';
import { verifyChain } from '../../shared/domain/hash-chain.ts';
import { areaHandler } from '../../shared/http/handler.ts';
import { ok } from '../../shared/http/result.ts';
import type { StaffCaller } from '../../shared/http/roles.ts';
import { caseKey } from '../../shared/store/cases.ts';

/** Complaint-only operations: the reply deadline extension and the audit-chain proof. Staff only. */
export const handler = areaHandler('complaints', {
  extendReplyDeadline: async ({ params, body, caller, now }) => {
    await extendReplyDeadline(params.id, body, caller as StaffCaller, now);
    return ok(await getCaseWithTimeline('complaint', params.id, caller));
  },
  verifyComplaintChain: async ({ params, caller }) => {
    const { timeline } = await getCaseWithTimeline('complaint', params.id, caller);
    const result = verifyChain(caseKey(params.id), timeline);
    return ok({
      ...result,
      events: timeline.length,
      ...(timeline.length > 0 ? { lastHash: timeline.at(-1)?.hash } : {}),
    });
  },
});
