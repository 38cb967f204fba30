import type { ComplaintWorkflowRecord, Signed } from '../domain/complaint-record.ts';
import type { AuditEvent } from '../store/audit.ts';
import type { CaseRecord } from '../store/cases.ts';
import type { Words } from './labels.ts';
import type { Layout } from './layout.ts';
import { approvalRows, type Fields, fieldsOf, type Row, rows, signedNote, text } from './rows.ts';

/** What the dossier shows of one complaint: the record, its audit trail and whether the trail verifies. */
export interface DossierInput {
  readonly complaint: CaseRecord;
  readonly timeline: readonly AuditEvent[];
  readonly chain: { readonly intact: true } | { readonly intact: false; readonly brokenAt: number };
}

/** 1. 《投诉报告》 as received: customer text exactly as typed. */
export function reportSection(layout: Layout, w: Words, { complaint }: DossierInput): void {
  const details: Fields = complaint.details;
  const product = details.product as Fields | undefined;
  const { submitter } = complaint;
  const attachments = Array.isArray(details.attachments) ? details.attachments.map(String) : [];
  rows(layout, w, [
    ['dossier.field.reference', complaint.reference],
    ['dossier.field.status', w.label('status', complaint.status)],
    ['dossier.field.organization', complaint.organization],
    ['dossier.field.customerId', text(complaint.customerId)],
    ['dossier.field.officeId', text(complaint.officeId)],
    [
      'dossier.field.submitter',
      [submitter.contactName, submitter.phone, submitter.email].filter(Boolean).join(' · '),
    ],
    [
      'dossier.field.product',
      product ? `${String(product.name)}（${w.label('category', product.category)}）` : undefined,
    ],
    ['dossier.field.batch', text(details.batch)],
    ['dossier.field.orderRef', text(details.orderRef)],
    ['dossier.field.quantity', text(details.quantity)],
    ['dossier.field.problemDate', text(details.problemDate)],
    [
      'dossier.field.subject',
      details.subject === undefined ? undefined : w.label('subject', details.subject),
    ],
    ['dossier.field.description', text(details.description)],
    ['dossier.field.requestedResolution', text(details.requestedResolution)],
    ['dossier.field.attachments', attachments.length > 0 ? attachments.join('\n') : undefined],
    ['dossier.field.receivedAt', w.time(complaint.receivedAt)],
    ['dossier.field.channel', w.label('channel', complaint.channel)],
    ['dossier.field.origin', complaint.origin ? w.t(`dossier.origin.${complaint.origin}`) : undefined],
    ['dossier.field.recordedBy', complaint.recordedBy ? w.actor(complaint.recordedBy) : undefined],
    [
      'dossier.field.replyDueAt',
      complaint.replyDueAt === undefined
        ? undefined
        : complaint.replyDueEstimated
          ? w.t('dossier.replyDueEstimated', { at: w.time(complaint.replyDueAt) })
          : w.time(complaint.replyDueAt),
    ],
    ['dossier.field.archivedAt', complaint.archivedAt ? w.time(complaint.archivedAt) : undefined],
  ]);
}

/** 2. The warranty decision, when one was made for the complaint. */
export function warrantySection(
  layout: Layout,
  w: Words,
  warranty: NonNullable<CaseRecord['warranty']>,
): void {
  const fields: Fields = warranty;
  rows(layout, w, [
    ['dossier.field.warrantyStatus', w.label('warranty', warranty.status)],
    [
      'dossier.field.warrantyBasis',
      fields.basis === 'acceptance' || fields.basis === 'delivery'
        ? w.t(`dossier.warranty.basis.${fields.basis}`)
        : undefined,
    ],
    ['dossier.field.coverageStartsOn', text(fields.coverageStartsOn)],
    ['dossier.field.freeRepairEndsOn', text(fields.freeRepairEndsOn)],
  ]);
}

/** The investigation's fields, read generically: fields added to the decision later print when present. */
const investigationRows = (w: Words, d: Fields): Row[] => [
  ['dossier.field.findings', text(d.findings)],
  ['dossier.field.cause', d.cause === undefined ? undefined : w.label('cause', d.cause)],
  ['dossier.field.factory', text(d.factory)],
  ['dossier.field.responsibility', w.label('responsibility', d.responsibility)],
  ['dossier.field.responsibleDepartmentId', text(d.responsibleDepartmentId)],
  [
    'dossier.field.preliminaryLossCny',
    d.preliminaryLossCny === undefined ? undefined : w.cny(d.preliminaryLossCny),
  ],
  ['dossier.field.handlingOpinion', text(d.handlingOpinion)],
];

/** 3. Every decision outside the CAPA rounds, in the order they were made. */
export function decisionsSection(
  layout: Layout,
  w: Words,
  workflow: ComplaintWorkflowRecord | undefined,
): void {
  const entries: { step: string; signed: Signed; rows: Row[] }[] = [
    ...(workflow?.investigations ?? []).map((d) => ({
      step: 'investigation',
      signed: d,
      rows: investigationRows(w, fieldsOf(d)),
    })),
    ...(workflow?.approvals ?? []).map((d) => ({
      step: 'productionApproval',
      signed: d,
      rows: approvalRows(w, fieldsOf(d)),
    })),
    ...(workflow?.replies ?? []).map((d) => ({
      step: 'customerReply',
      signed: d,
      rows: [
        ['dossier.field.reply', d.reply],
        ['dossier.field.replyChannel', w.label('channel', d.channel)],
        ['dossier.field.onTime', w.t(d.onTime ? 'dossier.onTime.true' : 'dossier.onTime.false')],
      ] satisfies Row[],
    })),
    ...(workflow?.standardRevision
      ? [
          {
            step: 'standardRevision',
            signed: workflow.standardRevision,
            rows: [
              ['dossier.field.revisedStandardUrl', text(workflow.standardRevision.revisedStandardUrl)],
              ['dossier.field.notes', text(workflow.standardRevision.notes)],
            ] satisfies Row[],
          },
        ]
      : []),
  ];
  entries.sort((a, b) => (a.signed.at < b.signed.at ? -1 : a.signed.at > b.signed.at ? 1 : 0));
  if (entries.length === 0) {
    layout.paragraph(w.t('dossier.decisions.none'), { muted: true });
    return;
  }
  for (const entry of entries) {
    layout.subheading(w.label('step', entry.step), signedNote(w, entry.signed));
    rows(layout, w, entry.rows);
  }
}
