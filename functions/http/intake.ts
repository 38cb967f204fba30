import {
  type CaseReceipt,
  type Submission,
  type SubmissionContext,
  submitCase,
} from '../../shared/app/submit-case.ts';
import { areaHandler } from '../../shared/http/handler.ts';
import { accepted, created } from '../../shared/http/result.ts';

const collection = {
  complaint: 'complaints',
  inquiry: 'inquiries',
  serviceRequest: 'service-requests',
} as const;

/** 201 with the reference, or 202 when the spam trap was filled (nothing stored). */
const respond = (receipt: CaseReceipt | undefined) =>
  receipt
    ? created(receipt, { location: `/v1/${collection[receipt.kind]}/${receipt.id}` })
    : accepted({ accepted: true });

type IntakeRequest = SubmissionContext & {
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | undefined>>;
};

const submit = (kind: Submission['kind']) => async (request: IntakeRequest) => {
  const idempotencyKey = request.headers['idempotency-key'];
  const context = idempotencyKey ? { ...request, idempotencyKey } : request;
  return respond(await submitCase({ kind, input: request.body } as Submission, context));
};

/** Public intake: complaints, inquiries and service requests from the web forms and staff. */
export const handler = areaHandler('intake', {
  createComplaint: submit('complaint'),
  createInquiry: submit('inquiry'),
  createServiceRequest: submit('serviceRequest'),
});
