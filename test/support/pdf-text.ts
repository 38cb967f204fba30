import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * The text of each page of a PDF, as a reader's copy and paste would get it: through the fonts'
 * ToUnicode maps, so a Chinese character only comes back if the PDF maps its glyph correctly.
 * Whitespace is dropped (line breaks of wrapped text would otherwise split what was typed).
 */
export async function pdfPages(pdf: Uint8Array): Promise<string[]> {
  const loading = getDocument({ data: new Uint8Array(pdf), verbosity: 0 });
  const document = await loading.promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const content = await (await document.getPage(number)).getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str : '')).join('');
      pages.push(text.replace(/\s+/g, ''));
    }
    return pages;
  } finally {
    await loading.destroy();
  }
}

/** All pages' text, whitespace dropped. */
export const pdfText = async (pdf: Uint8Array) => (await pdfPages(pdf)).join('');

/** The same text without whitespace, to compare with `pdfText`. */
export const squeezed = (text: string) => text.replace(/\s+/g, '');
