/** Messages of requisition: part of the one catalogue (shared/i18n/messages.ts). English mirrors every key. */
export const requisitionMessagesZhCN = {} as const;

export const requisitionMessagesEn = {} as const satisfies Record<
  keyof typeof requisitionMessagesZhCN,
  string
>;
