/** Messages of parts report: part of the one catalogue (shared/i18n/messages.ts). English mirrors every key. */
export const partsReportMessagesZhCN = {} as const;

export const partsReportMessagesEn = {} as const satisfies Record<
  keyof typeof partsReportMessagesZhCN,
  string
>;
