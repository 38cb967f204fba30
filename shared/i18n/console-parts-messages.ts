/** Messages of console parts: part of the one catalogue (shared/i18n/messages.ts). English mirrors every key. */
export const consolePartsMessagesZhCN = {} as const;

export const consolePartsMessagesEn = {} as const satisfies Record<
  keyof typeof consolePartsMessagesZhCN,
  string
>;
