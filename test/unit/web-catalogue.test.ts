import { readdirSync, readFileSync } from 'node:fs';
import { catalogue } from '../../shared/i18n/messages.ts';

const webDir = new URL('../../web/', import.meta.url);
const pages = readdirSync(webDir).filter((file) => file.endsWith('.html'));
const chinese = catalogue['zh-CN'] as Record<string, string>;

// The pages carry their Chinese text inline so they read right before (or without) the
// catalogue loading; this keeps that text identical to the one catalogue.
describe.each(pages)('web/%s', (page) => {
  const html = readFileSync(new URL(page, webDir), 'utf8');
  const translated = [...html.matchAll(/data-i18n="([\w.-]+)"[^>]*>([^<]*)</g)];

  it('uses only keys of the catalogue', () => {
    for (const [, key] of translated) expect(Object.keys(chinese)).toContain(key);
  });

  it('shows the catalogue Chinese inline (placeholders filled in)', () => {
    for (const [, key, text] of translated) {
      if (!text?.trim()) continue;
      const pattern = (chinese[key as string] ?? '')
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{\w+\}/g, '.+');
      expect(`${key}: ${text.trim()}`).toMatch(new RegExp(`^${key}: ${pattern}$`));
    }
  });
});
