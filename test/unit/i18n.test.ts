import { catalogue } from '../../shared/i18n/messages.ts';
import { negotiateLanguage, translate } from '../../shared/i18n/translate.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
  it('has every message in both languages, with the same placeholders', () => {
    for (const [key, chinese] of Object.entries(catalogue['zh-CN'])) {
      const english = (catalogue.en as Record<string, string>)[key];
      expect(english?.length).toBeGreaterThan(0);
      expect(placeholders(english ?? '')).toEqual(placeholders(chinese));
    }
  });

  it('fills placeholders', () => {
    expect(translate('en', 'field.tooLong', { maximum: 60 })).toBe('Too long: at most 60 characters');
  });
});

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-TW', 'zh-CN'],
    ['fr-FR, en;q=0.5', 'en'],
    ['fr-FR', 'zh-CN'],
    ['en;q=0.2, zh;q=0.8', 'zh-CN'],
    ['en;q=0', 'zh-CN'],
    ['*', 'zh-CN'],
  ])('%s -> %s', (header, language) => {
    expect(negotiateLanguage(header)).toBe(language);
  });
});
