/**
 * Messages of spare parts (备品备件): catalogue and stock errors, ledger kinds. Part of the one
 * catalogue (shared/i18n/messages.ts); English mirrors every key (a missing one is a type error).
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
} as const satisfies Record<keyof typeof partsZhCN, string>;
