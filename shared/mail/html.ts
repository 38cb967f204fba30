const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML: customer-supplied text never becomes markup in an email. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** Plain paragraphs as a minimal, mail-client-safe HTML document. */
export function htmlDocument(language: string, paragraphs: readonly string[]): string {
  const body = paragraphs
    .map((p) => `<p style="margin:0 0 12px">${escapeHtml(p).replaceAll('\n', '<br>')}</p>`)
    .join('\n');
  return `<!doctype html><html lang="${escapeHtml(language)}"><head><meta charset="utf-8"></head><body style="font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;font-size:15px;line-height:1.6;color:#1f2933">\n${body}\n</body></html>`;
}
