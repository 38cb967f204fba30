/** Messages of requisition: part of the one catalogue (shared/i18n/messages.ts). English mirrors every key. */
export const requisitionMessagesZhCN = {
  'requisitions.problem.illegalStatus': '请购单当前状态为 {status}，不能执行 {action}',
  'requisitions.problem.notStockChecked': '请购单尚未经库管核对库存，不能审批',
  'requisitions.problem.levelDecided': '这一级已经审批过了',
  'requisitions.problem.sameApprover': '部门负责人和厂领导须是两个人：同一人不能两级都审批',
  'requisitions.problem.notApprovedByBoth': '请购须经部门负责人和厂领导双方批准后才能采购',
  'requisitions.problem.makerChangeNotApproved': '关键件更换厂家或型号未经厂领导批准，不能采购',
  'requisitions.problem.partlyReceived': '已有配件到货的请购单不能取消',
  'requisitions.problem.departmentCancelTooLate': '部门只能在批准前取消本部门的请购单',
  'requisitions.problem.wrongApprover': '部门级由本部门负责人审批，厂级由厂领导审批',

  'requisitions.duplicatePart': '同一配件只能列一行',
  'requisitions.makerChangeRequired': '本请购单申请更换关键件的厂家或型号：厂领导审批须写明是否同意更换',
  'requisitions.makerChangeNotProposed': '只有申请更换关键件厂家或型号的请购单，由厂领导审批时填写',
  'requisitions.makerChangeRejectedButApproved':
    '不同意更换厂家或型号，就不能批准本请购单：请驳回，并按目录的厂家型号重新请购',
  'requisitions.learnedOnInFuture': '得知延误的日期不能晚于今天',
  'requisitions.learnedOnBeforeOrder': '得知延误的日期不能早于下单日期',
  'requisitions.newExpectedOnTooEarly': '新的预计到货日期须晚于原预计日期，且不能早于今天',
  'requisitions.notOrderedForPart': '没有这个配件正在采购中的这张请购单',
  'requisitions.exceedsOrdered': '到货数量超过请购单尚未到货的数量',

  'requisitions.reorderReason': '库存 {onHand} {unit}，已降至储备定额下限 {lowQuota}；补货至上限 {highQuota}',

  'requisitions.status.proposed': '补货建议',
  'requisitions.status.awaitingStockCheck': '待核对库存',
  'requisitions.status.awaitingApproval': '待审批',
  'requisitions.status.approved': '已批准',
  'requisitions.status.ordered': '采购中',
  'requisitions.status.received': '已到货',
  'requisitions.status.rejected': '已驳回',
  'requisitions.status.cancelled': '已取消',
  'requisitions.origin.request': '请购',
  'requisitions.origin.reorder': '定额补货',

  'requisitions.mail.reorder.subject': '补货建议 {reference}：{partNumber} {name}',
  'requisitions.mail.reorder.body':
    '配件 {partNumber}（{name}）库存 {onHand} {unit}，已降至储备定额下限 {lowQuota}。已生成补货建议 {reference}：采购 {quantity} {unit}，补至上限 {highQuota}。定额内补货无需审批，请安排采购。',
  'requisitions.mail.arrival.subject': '急件到货 {reference}：{partNumber} {name}',
  'requisitions.mail.arrival.body':
    '请购单 {reference} 的急件已到货：{partNumber}（{name}）{quantity} {unit}，本行累计到货 {received}/{ordered}。',
  'requisitions.mail.arrival.complete': '请购单的全部配件均已到齐。',
  'requisitions.mail.overdue.subject': '采购延误未书面报告（{day}）：{count} 张请购单',
  'requisitions.mail.overdue.body':
    '以下采购已超过预计到货日期 3 天以上，仍没有书面延误报告（得知不能按时到货后须在 3 天内书面报告）：',
  'requisitions.mail.overdue.line': '{reference}：预计 {expectedOn} 到货，供应商 {supplier}',
} as const;

export const requisitionMessagesEn = {
  'requisitions.problem.illegalStatus':
    'This requisition is at status {status}; {action} is not possible now',
  'requisitions.problem.notStockChecked':
    'The warehouse keeper has not checked the stock yet: no approval before',
  'requisitions.problem.levelDecided': 'This level has decided already',
  'requisitions.problem.sameApprover':
    'The department head and plant management must be two people: nobody approves at both levels',
  'requisitions.problem.notApprovedByBoth':
    'No purchase without the approval of both the department head and plant management',
  'requisitions.problem.makerChangeNotApproved':
    "Plant management has not approved the key part's other maker or model: it cannot be bought",
  'requisitions.problem.partlyReceived': 'Parts of this requisition have arrived: it cannot be cancelled',
  'requisitions.problem.departmentCancelTooLate':
    'A department cancels its own requisitions only before they are approved',
  'requisitions.problem.wrongApprover':
    "The department level is decided by the requisition's department head, the plant level by plant management",

  'requisitions.duplicatePart': 'Each part once',
  'requisitions.makerChangeRequired':
    "A line changes a key part's maker or model: plant management states whether it approves the change",
  'requisitions.makerChangeNotProposed':
    "Only for a requisition changing a key part's maker or model, at the plant level",
  'requisitions.makerChangeRejectedButApproved':
    "Refusing the other maker or model means not approving this requisition: reject it, and request the catalogue's maker again",
  'requisitions.learnedOnInFuture': 'The day you learned of the delay cannot be after today',
  'requisitions.learnedOnBeforeOrder': 'The day you learned of the delay cannot be before the order',
  'requisitions.newExpectedOnTooEarly':
    'The new expected day must be later than the one expected so far, and not before today',
  'requisitions.notOrderedForPart': 'This requisition is not in purchase for this part',
  'requisitions.exceedsOrdered': 'More than the requisition still has to come',

  'requisitions.reorderReason':
    'Stock {onHand} {unit} has fallen to the low quota {lowQuota}; reorder up to the high quota {highQuota}',

  'requisitions.status.proposed': 'Reorder proposal',
  'requisitions.status.awaitingStockCheck': 'Awaiting stock check',
  'requisitions.status.awaitingApproval': 'Awaiting approval',
  'requisitions.status.approved': 'Approved',
  'requisitions.status.ordered': 'Ordered',
  'requisitions.status.received': 'Received',
  'requisitions.status.rejected': 'Rejected',
  'requisitions.status.cancelled': 'Cancelled',
  'requisitions.origin.request': 'Requisition',
  'requisitions.origin.reorder': 'Quota reorder',

  'requisitions.mail.reorder.subject': 'Reorder proposal {reference}: {partNumber} {name}',
  'requisitions.mail.reorder.body':
    'Part {partNumber} ({name}) is down to {onHand} {unit}, at or below its low quota {lowQuota}. Reorder proposal {reference} buys {quantity} {unit}, up to the high quota {highQuota}. A reorder within the quota needs no approval: please order it.',
  'requisitions.mail.arrival.subject': 'Urgent parts arrived {reference}: {partNumber} {name}',
  'requisitions.mail.arrival.body':
    'Urgent parts of requisition {reference} have arrived: {partNumber} ({name}) {quantity} {unit}, {received} of {ordered} for this line so far.',
  'requisitions.mail.arrival.complete': 'Every part of the requisition has arrived.',
  'requisitions.mail.overdue.subject':
    'Purchase delays not reported in writing ({day}): {count} requisitions',
  'requisitions.mail.overdue.body':
    'These purchases are more than 3 days past their expected day without a written delay report (due within 3 days of learning that they cannot arrive on time):',
  'requisitions.mail.overdue.line': '{reference}: expected {expectedOn}, supplier {supplier}',
} as const satisfies Record<keyof typeof requisitionMessagesZhCN, string>;
