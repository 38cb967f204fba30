/**
 * Messages of spare parts (备品备件): catalogue and stock errors, ledger kinds, the daily stock
 * check's notice. Part of the one catalogue (shared/i18n/messages.ts); English mirrors every key
 * (a missing one is a type error).
 */
export const partsZhCN = {
  'parts.problem.keyPartChange': '关键件（三定件）的厂家、型号或规格只能由管理层更改',
  'parts.keyPartMaker': '关键件（三定件）必须填写厂家和型号',
  'parts.drawingRequired': '非标自加工件必须填写图纸编号和版本',
  'parts.quotaOrder': '储备定额上限不能低于下限',
  'parts.insufficientStock': '库存不足',
  'parts.serviceRequestNotFound': '找不到这个维修单',
  'parts.issueNotFound': '找不到这笔领用记录',
  'parts.returnExceedsIssue': '退库数量超过该笔领用尚未退回的数量',
  'parts.repairExceedsWaiting': '数量超过待修件数量',
  'parts.unknownPart': '备件目录中没有这个配件编号',
  'parts.duplicatePart': '同一配件编号只能填写一行，请合并数量',
  'parts.lotValueTooLarge': '一个批次的金额（数量 × 单价）不能超过 10 亿元',
  'parts.visitTooManyMovements':
    '本次维修记录涉及的库存批次过多，无法一次记账：请先将部分配件单独领用出库到本维修单，并在记录中不再填写它们的配件编号',

  'parts.ledger.created': '建档',
  'parts.ledger.updated': '修改档案',
  'parts.ledger.receipt': '验收入库',
  'parts.ledger.receiptRejected': '验收不合格退回',
  'parts.ledger.issue': '领用出库',
  'parts.ledger.surplusReturn': '余料退库',
  'parts.ledger.transferOut': '调拨出库',
  'parts.ledger.scrap': '报废',
  'parts.ledger.toRepair': '旧件回收待修',
  'parts.ledger.repaired': '修复入库',
  'parts.ledger.unrepairable': '无法修复',

  'parts.category.standard': '标准件',
  'parts.category.key': '关键件（三定）',
  'parts.category.nonStandard': '非标自加工件',
  'parts.origin.purchase': '采购',
  'parts.origin.reused': '修复利用',

  // The daily stock check's notice to the warehouse and management (parts-stock-check).
  'parts.mail.stockCheck.subject': '【帐卡物不符】{day} 每日库存核对：{count} 个备件不一致',
  'parts.mail.stockCheck.body':
    '{day} 的每日库存核对（帐、卡、物相符）共核对 {parts} 个备件，以下 {count} 个不一致。请库管核对实物、查明原因并更正，必要时报管理层：',
  'parts.mail.stockCheck.part': '{partNumber} {name}',
  'parts.mail.stockCheck.difference': '{figure}：卡 {card}，帐 {ledger}，物 {lots}',
  'parts.mail.stockCheck.cardLedgerDifference': '{figure}：卡 {card}，帐 {ledger}',
  'parts.mail.stockCheck.chainBroken': '帐页哈希链校验未通过：帐页记录可能缺失或被改动',
  'parts.mail.stockCheck.figure.quantity': '数量',
  'parts.mail.stockCheck.figure.value': '金额（元）',
  'parts.mail.stockCheck.figure.toRepair': '待修数量',
  'parts.mail.stockCheck.closing':
    '每个备件的核对明细见 GET /v1/parts/<配件编号>/reconcile。本提醒每天最多一封；更正之前，次日的核对会再次提醒。',
} as const;

export const partsEn = {
  'parts.problem.keyPartChange':
    'Only management may change a key ("three fixed") part\'s maker, model or specification',
  'parts.keyPartMaker': 'Key ("three fixed") parts need a maker and a model',
  'parts.drawingRequired': 'Non-standard self-made parts need a drawing reference and revision',
  'parts.quotaOrder': 'The high quota cannot be below the low quota',
  'parts.insufficientStock': 'Not enough in stock',
  'parts.serviceRequestNotFound': 'No such service request',
  'parts.issueNotFound': 'No such issue in the ledger',
  'parts.returnExceedsIssue': 'More than the issue gave out and has not had back',
  'parts.repairExceedsWaiting': 'More than wait for repair',
  'parts.unknownPart': 'No such part number in the catalogue',
  'parts.duplicatePart': 'One line per part number: add the quantities up',
  'parts.lotValueTooLarge': 'A lot (quantity × unit cost) cannot be worth more than 1,000,000,000 yuan',
  'parts.visitTooManyMovements':
    'This visit report touches too many stock lots to book at once: issue some of the parts to this request separately first and leave their part numbers out of the report',

  'parts.ledger.created': 'Added to the catalogue',
  'parts.ledger.updated': 'Catalogue changed',
  'parts.ledger.receipt': 'Received',
  'parts.ledger.receiptRejected': 'Rejected at inspection',
  'parts.ledger.issue': 'Issued',
  'parts.ledger.surplusReturn': 'Surplus returned',
  'parts.ledger.transferOut': 'Transferred out',
  'parts.ledger.scrap': 'Scrapped',
  'parts.ledger.toRepair': 'Replaced, waiting for repair',
  'parts.ledger.repaired': 'Repaired into stock',
  'parts.ledger.unrepairable': 'Unrepairable',

  'parts.category.standard': 'Standard',
  'parts.category.key': 'Key ("three fixed")',
  'parts.category.nonStandard': 'Non-standard self-made',
  'parts.origin.purchase': 'Purchased',
  'parts.origin.reused': 'Repaired for reuse',

  'parts.mail.stockCheck.subject':
    '[Stock mismatch] Daily stock check of {day}: {count} part(s) do not agree',
  'parts.mail.stockCheck.body':
    'The daily stock check of {day} (ledger, stock card and lots must agree) looked at {parts} parts; the {count} below do not agree. Please count the physical stock, find the cause and correct the records, reporting to management where needed:',
  'parts.mail.stockCheck.part': '{partNumber} {name}',
  'parts.mail.stockCheck.difference': '{figure}: card {card}, ledger {ledger}, lots {lots}',
  'parts.mail.stockCheck.cardLedgerDifference': '{figure}: card {card}, ledger {ledger}',
  'parts.mail.stockCheck.chainBroken':
    "The ledger's hash chain does not verify: entries may be missing or altered",
  'parts.mail.stockCheck.figure.quantity': 'Units',
  'parts.mail.stockCheck.figure.value': 'Value (CNY)',
  'parts.mail.stockCheck.figure.toRepair': 'Units waiting for repair',
  'parts.mail.stockCheck.closing':
    "Each part's details: GET /v1/parts/<part number>/reconcile. This notice goes out at most once a day; until the records are corrected, the next daily check reports them again.",
} as const satisfies Record<keyof typeof partsZhCN, string>;
