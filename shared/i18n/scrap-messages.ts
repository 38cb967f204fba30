/**
 * Messages of scrapping (报废): request errors, the appraisal and approval rules, labels, and the
 * notice to management. Part of the one catalogue (shared/i18n/messages.ts); English mirrors every key.
 */
export const scrapMessagesZhCN = {
  'scrap.fixedAsset': '固定资产报废按固定资产管理程序办理，不在备件报废中处理',
  'scrap.lotNotFound': '该配件没有这个批次（或该批次已用完）',
  'scrap.lotShort': '该批次库存不足',
  'scrap.keepNoteRequired': '有鉴定意见为留用，批准报废须写明理由',

  'scrap.problem.slotRole': '您的角色不能填写这一方的鉴定（维修班组：生产；库管：库房；设备使用部门：部门）',
  'scrap.problem.notAppraising': '报废申请已不在鉴定阶段，不能再填写鉴定',
  'scrap.problem.slotTaken': '这一方的鉴定已经填写',
  'scrap.problem.samePerson': '同一人不能在两方鉴定中签字',
  'scrap.problem.notAwaitingApproval': '须有维修班组、库管和设备使用部门三方鉴定后才能审批，一人审批不能报废',
  'scrap.problem.approverIsAppraiser': '参加鉴定的人不能审批同一报废申请',
  'scrap.problem.stockGone': '库存已不足以报废这些件（已领用或调拨），未作任何更改',
  'scrap.problem.stockChanged': '库存刚刚变动，报废金额可能已不同，请重新提交',

  'scrap.status.appraising': '鉴定中',
  'scrap.status.awaitingApproval': '待管理层审批',
  'scrap.status.scrapped': '已报废',
  'scrap.status.rejected': '不予报废',
  'scrap.route.warehouse': '库房直接报废（200 元及以下）',
  'scrap.route.appraisal': '三方鉴定、管理层审批（200 元以上）',
  'scrap.slot.repairTeam': '维修班组',
  'scrap.slot.warehouseKeeper': '库管',
  'scrap.slot.equipmentOwner': '设备使用部门',
  'scrap.opinion.scrap': '同意报废',
  'scrap.opinion.keep': '留用',
  'scrap.decision.approve': '批准报废',
  'scrap.decision.reject': '不予报废',

  'scrap.mail.approvalSubject': '报废申请 {reference} 待审批：{partName} × {quantity}',
  'scrap.mail.approvalBody':
    '报废申请 {reference} 已完成三方鉴定，请管理层审批。\n配件：{partNumber} {partName} × {quantity}\n价值：{value} 元\n报废原因：{reason}',
  'scrap.mail.appraisal': '{slot}：{opinion}。{note}',
} as const;

export const scrapMessagesEn = {
  'scrap.fixedAsset': 'Fixed assets are scrapped by the fixed-asset disposal procedure, not as spare parts',
  'scrap.lotNotFound': 'This part has no such lot in stock',
  'scrap.lotShort': 'Not enough units in this lot',
  'scrap.keepNoteRequired': 'An appraiser would keep the part: give the reason for approving the scrap',

  'scrap.problem.slotRole':
    'Your role cannot give this appraisal (repair team: production; warehouse keeper: warehouse; equipment owner: department)',
  'scrap.problem.notAppraising': 'The scrap request is no longer being appraised',
  'scrap.problem.slotTaken': 'This appraisal has been given already',
  'scrap.problem.samePerson': 'One person cannot give two of the appraisals',
  'scrap.problem.notAwaitingApproval':
    'Approval needs the appraisals of the repair team, the warehouse keeper and the equipment owner first; one approver alone cannot scrap',
  'scrap.problem.approverIsAppraiser': 'An appraiser cannot also approve the same scrap request',
  'scrap.problem.stockGone':
    'The units are no longer in stock (issued or transferred since); nothing was changed',
  'scrap.problem.stockChanged': 'The stock has just changed and the value may differ: submit again',

  'scrap.status.appraising': 'Being appraised',
  'scrap.status.awaitingApproval': 'Awaiting management approval',
  'scrap.status.scrapped': 'Scrapped',
  'scrap.status.rejected': 'Rejected',
  'scrap.route.warehouse': 'Scrapped by the warehouse (200 CNY or less)',
  'scrap.route.appraisal': 'Three appraisals and management approval (over 200 CNY)',
  'scrap.slot.repairTeam': 'Repair team',
  'scrap.slot.warehouseKeeper': 'Warehouse keeper',
  'scrap.slot.equipmentOwner': 'Equipment owner',
  'scrap.opinion.scrap': 'Scrap',
  'scrap.opinion.keep': 'Keep',
  'scrap.decision.approve': 'Approved',
  'scrap.decision.reject': 'Rejected',

  'scrap.mail.approvalSubject': 'Scrap request {reference} awaits approval: {partName} × {quantity}',
  'scrap.mail.approvalBody':
    'Scrap request {reference} has its three appraisals; management approval is needed.\nPart: {partNumber} {partName} × {quantity}\nValue: {value} CNY\nReason: {reason}',
  'scrap.mail.appraisal': '{slot}: {opinion}. {note}',
} as const satisfies Record<keyof typeof scrapMessagesZhCN, string>;
