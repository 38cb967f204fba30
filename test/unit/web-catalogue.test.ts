import { readdirSync, readFileSync } from 'node:fs';
import { catalogue } from '../../shared/i18n/messages.ts';

const webDir = new URL('../../web/', import.meta.url);
const files = readdirSync(webDir);
const pages = files.filter((file) => file.endsWith('.html'));
const scripts = files.filter((file) => file.endsWith('.js'));
const chinese = catalogue['zh-CN'] as Record<string, string>;
const keys = Object.keys(chinese);
/** `web`, `field`, `warranty` ...: a string literal starting with one of these names a message. */
const namespaces = new Set(keys.map((key) => key.split('.')[0]));
const read = (file: string) => readFileSync(new URL(file, webDir), 'utf8');

// The pages carry the Chinese text of their own parts inline so they read right before the
// catalogue loads; this keeps that text identical to the one catalogue.
describe.each(pages)('web/%s', (page) => {
  const html = read(page);
  const translated = [...html.matchAll(/data-i18n="([\w.-]+)"[^>]*>([^<]*)</g)];

  it('uses only keys of the catalogue', () => {
    for (const [, key] of translated) expect(keys).toContain(key);
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

  it('keeps no second copy of the catalogue and names only fragments that exist', () => {
    expect(html).not.toContain('data-i18n-fallback');
    const fragments = read('fragments.js');
    for (const [, name] of html.matchAll(/data-fragment="([\w-]+)"/g)) {
      expect(fragments).toMatch(new RegExp(`^ {2}${name}: \\(\\) =>`, 'm'));
    }
  });
});

// The scripts (fragments.js above all) name their texts by key: data-i18n, t(), error keys.
describe.each(scripts)('web/%s', (script) => {
  const source = read(script);
  const named = [...source.matchAll(/'([\w-]+(?:\.[\w-]+)+)'/g)]
    .map(([, literal]) => literal as string)
    .filter((literal) => namespaces.has(literal.split('.')[0] ?? ''));

  it('uses only keys of the catalogue', () => {
    for (const key of named) expect(keys).toContain(key);
    if (script === 'fragments.js') expect(named).toContain('web.field.organization');
  });
});

it('web/forms.js has a warranty message for each status it shows', () => {
  const statuses = /WARRANTY_STATUSES = \[([^\]]*)\]/.exec(read('forms.js'))?.[1] ?? '';
  const named = [...statuses.matchAll(/'([\w-]+)'/g)].map(([, status]) => `warranty.${status}`);
  expect(named).toEqual(['warranty.free', 'warranty.chargeable', 'warranty.unknown']);
  for (const key of named) expect(keys).toContain(key);
});
