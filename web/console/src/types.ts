import type { z } from 'zod';
import type { careOverview, contactLogEntry, customerSurvey } from '../../../shared/schemas/care-plan.ts';
import type { caseSummary, caseView } from '../../../shared/schemas/cases.ts';
import type { customerSchema, deliverySchema, officeSchema } from '../../../shared/schemas/customers.ts';
import type { TaskDecision } from '../../../shared/schemas/decisions.ts';
import type { inquiryHandlingSchema } from '../../../shared/schemas/inquiries.ts';
import type { returnDetail, returnSchema } from '../../../shared/schemas/returns.ts';
import type { serviceRecord } from '../../../shared/schemas/service-requests.ts';
import type { chainVerification, taskSchema } from '../../../shared/schemas/tasks.ts';
import type { warrantyLookupResult } from '../../../shared/schemas/warranty.ts';

/** What the API answers, typed from its own schemas (type imports only: nothing of them is bundled). */
export type Task = z.infer<typeof taskSchema>;
export type CaseSummary = z.infer<typeof caseSummary>;
export type CaseView = z.infer<typeof caseView>;
/** Who decided and when (shared/domain/complaint-record.ts `Signed`). */
export interface Signed {
  readonly by: { readonly kind: string; readonly sub?: string; readonly email?: string };
  readonly at: string;
}
type DecisionOf<S extends TaskDecision['step']> = Omit<Extract<TaskDecision, { step: S }>, 'step'> & Signed;

/**
 * A complaint's `workflow` as GET /v1/complaints/{id} returns it: the shape of
 * shared/domain/complaint-record.ts `ComplaintWorkflowRecord`, restated from the decision schemas
 * because that module's store types reach Node's crypto, which the browser build does not have.
 */
export interface ComplaintWorkflow {
  readonly qualityNotifiedAt?: string;
  readonly statisticsSentAt?: string;
  readonly investigations: readonly DecisionOf<'investigation'>[];
  readonly approvals: readonly DecisionOf<'productionApproval'>[];
  readonly replies: readonly (DecisionOf<'customerReply'> & { readonly onTime: boolean })[];
  readonly capa?: {
    readonly number: string;
    readonly departmentId: string;
    readonly requestedAt: string;
    readonly rounds: readonly {
      readonly round: number;
      readonly proposals: readonly (DecisionOf<'rootCause'> & {
        readonly review?: DecisionOf<'qualityReview'>;
      })[];
      readonly reply?: DecisionOf<'capaReply'>;
      readonly execution?: DecisionOf<'executionReport'>;
      readonly verification?: DecisionOf<'verification'>;
    }[];
  };
  readonly standardRevision?: DecisionOf<'standardRevision'>;
}
export type ComplaintView = Omit<CaseView, 'workflow'> & { readonly workflow?: ComplaintWorkflow };
export type ServiceRequestView = CaseView & { readonly service?: z.infer<typeof serviceRecord> };
export type InquiryView = CaseView & { readonly inquiry?: z.infer<typeof inquiryHandlingSchema> };
export type ReturnSummary = z.infer<typeof returnSchema>;
export type ReturnView = z.infer<typeof returnDetail>;
export type Customer = z.infer<typeof customerSchema>;
export type Delivery = z.infer<typeof deliverySchema>;
export type CustomerView = Customer & {
  readonly deliveries: Delivery[];
  readonly timeline: CaseView['timeline'];
};
export type Office = z.infer<typeof officeSchema>;
export type CareOverview = z.infer<typeof careOverview>;
export type CustomerSurvey = z.infer<typeof customerSurvey>;
export type ContactLogEntry = z.infer<typeof contactLogEntry>;
export type ChainVerification = z.infer<typeof chainVerification>;
export type WarrantyLookup = z.infer<typeof warrantyLookupResult>;
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}
