/** Messages of scrap: part of the one catalogue (shared/i18n/messages.ts). English mirrors every key. */
export const scrapMessagesZhCN = {} as const;

export const scrapMessagesEn = {} as const satisfies Record<keyof typeof scrapMessagesZhCN, string>;
