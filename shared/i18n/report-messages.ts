/**
 * Messages of the management reports (labels of causes, dimensions, figures): part of the one catalogue (shared/i18n/messages.ts).
 * Simplified Chinese first; English mirrors every key (a missing one is a type error).
 * Keys follow the API's values: `report.cause.<cause>` (shared/schemas/reports.ts complaintCauses, and
 * `unknown` before the investigation), `report.dimension.<by>`, `report.responsibility.<value>`,
 * `report.closeTime.<bucket>` (the `closing` buckets of GET /v1/reports/complaints).
 */
export const reportZhCN = {
  'report.cause.material': '材料',
  'report.cause.workmanship': '工艺/制造',
  'report.cause.design': '设计',
  'report.cause.packaging-transport': '包装/运输',
  'report.cause.installation': '安装',
  'report.cause.usage': '使用不当',
  'report.cause.supplier': '供应商',
  'report.cause.other': '其他',
  'report.cause.unknown': '未调查/未知',

  'report.dimension.cause': '原因',
  'report.dimension.category': '产品类别',
  'report.dimension.batch': '批次',
  'report.dimension.factory': '生产工厂',

  'report.responsibility.customer': '客户原因',
  'report.responsibility.internal': '内部原因',

  'report.closeTime.within7Days': '7 天内结案',
  'report.closeTime.within30Days': '7–30 天结案',
  'report.closeTime.within90Days': '30–90 天结案',
  'report.closeTime.over90Days': '超过 90 天结案',
} as const;

export const reportEn = {
  'report.cause.material': 'Material',
  'report.cause.workmanship': 'Workmanship',
  'report.cause.design': 'Design',
  'report.cause.packaging-transport': 'Packaging / transport',
  'report.cause.installation': 'Installation',
  'report.cause.usage': 'Improper use',
  'report.cause.supplier': 'Supplier',
  'report.cause.other': 'Other',
  'report.cause.unknown': 'Not investigated / unknown',

  'report.dimension.cause': 'Cause',
  'report.dimension.category': 'Product category',
  'report.dimension.batch': 'Batch',
  'report.dimension.factory': 'Factory',

  'report.responsibility.customer': 'Customer-caused',
  'report.responsibility.internal': 'Internal',

  'report.closeTime.within7Days': 'Closed within 7 days',
  'report.closeTime.within30Days': 'Closed in 7–30 days',
  'report.closeTime.within90Days': 'Closed in 30–90 days',
  'report.closeTime.over90Days': 'Closed after over 90 days',
} as const satisfies Record<keyof typeof reportZhCN, string>;
