import PDFDocument from 'pdfkit';
import type { DossierFonts } from './fonts.ts';

/** A4 in points, with room above and below the text for the running header and the page numbers. */
const page = { size: 'A4', width: 595.28, height: 841.89, top: 72, bottom: 64, side: 50 } as const;
const contentWidth = page.width - 2 * page.side;
const defaultLabelWidth = 118;
const columnGap = 10;

const REGULAR = 'NotoSansSC-Regular';
const BOLD = 'NotoSansSC-Bold';
const ink = '#111111';
const muted = '#555555';
const rule = '#bbbbbb';
const alert = '#b00020';

/** Lines of a value that must fit below its label before a row may start near the foot of a page. */
const MIN_LINES_WITH_LABEL = 3;

export interface DocumentMeta {
  readonly title: string;
  readonly language: string;
  readonly createdAt: Date;
}

/**
 * The dossier's page layout over PDFKit: headings, label/value rows and paragraphs that wrap,
 * with page breaks that never leave a heading or a label alone at the foot of a page.
 */
export class Layout {
  private readonly doc: PDFKit.PDFDocument;

  constructor(fonts: DossierFonts, meta: DocumentMeta) {
    // The font is given to the constructor, so PDFKit never loads its standard fonts (Helvetica's
    // AFM files from its own folder, which the bundled Lambda function does not have).
    this.doc = new PDFDocument({
      size: page.size,
      margins: { top: page.top, bottom: page.bottom, left: page.side, right: page.side },
      bufferPages: true,
      // PDFKit takes a font's bytes wherever it takes a path; its types only say path.
      font: fonts.regular as unknown as string,
      lang: meta.language,
      displayTitle: true,
      info: { Title: meta.title, Creator: 'Aftersales', CreationDate: meta.createdAt },
    });
    this.doc.registerFont(REGULAR, fonts.regular);
    this.doc.registerFont(BOLD, fonts.bold);
    this.doc.font(REGULAR).fillColor(ink);
  }

  /** Starts a new page when less than `height` is left on this one. */
  private keep(height: number): void {
    if (this.doc.y + height > page.height - page.bottom) this.doc.addPage();
  }

  private style(font: typeof REGULAR | typeof BOLD, size: number, color = ink): PDFKit.PDFDocument {
    return this.doc.font(font).fontSize(size).fillColor(color);
  }

  /** A numbered section: kept with the first lines under it. */
  heading(text: string): void {
    this.gap(10);
    this.keep(70);
    this.style(BOLD, 13).text(text, page.side, this.doc.y, { width: contentWidth });
    const y = this.doc.y + 2;
    this.doc
      .moveTo(page.side, y)
      .lineTo(page.side + contentWidth, y)
      .lineWidth(0.6)
      .stroke(rule);
    this.doc.y = y + 6;
  }

  /** A decision or a round within a section, with who and when beside it. */
  subheading(text: string, note?: string): void {
    this.gap(6);
    this.keep(52);
    this.style(BOLD, 10.5).text(text, page.side, this.doc.y, { width: contentWidth });
    if (note) this.style(REGULAR, 8.5, muted).text(note, page.side, this.doc.y, { width: contentWidth });
    this.gap(3);
  }

  /**
   * A label and its value side by side. A row that fits on a page is never split; a longer one
   * starts where at least its first lines fit beside the label and continues on the next pages.
   */
  field(
    label: string,
    value: string,
    options: { alert?: boolean; size?: number; labelWidth?: number } = {},
  ): void {
    const { doc } = this;
    const size = options.size ?? 10;
    const labelWidth = options.labelWidth ?? defaultLabelWidth;
    const valueWidth = contentWidth - labelWidth - columnGap;
    const labelHeight = this.style(REGULAR, 9).heightOfString(label, { width: labelWidth });
    this.style(REGULAR, size);
    const valueHeight = doc.heightOfString(value, { width: valueWidth, lineGap: 1 });
    const room = page.height - page.top - page.bottom;
    const firstLines = MIN_LINES_WITH_LABEL * doc.currentLineHeight(true);
    this.keep(Math.max(labelHeight, valueHeight <= room ? valueHeight : firstLines));
    const top = doc.y;
    const pageBefore = this.pageCount();
    this.style(REGULAR, 9, muted).text(label, page.side, top, { width: labelWidth });
    const labelBottom = doc.y;
    this.style(REGULAR, size, options.alert ? alert : ink).text(
      value,
      page.side + labelWidth + columnGap,
      top,
      {
        width: valueWidth,
        lineGap: 1,
      },
    );
    if (this.pageCount() === pageBefore) doc.y = Math.max(doc.y, labelBottom);
    this.gap(3);
  }

  /** Text across the whole width (a notice, a hash line). */
  paragraph(text: string, options: { size?: number; muted?: boolean; bold?: boolean; alert?: boolean } = {}) {
    const size = options.size ?? 10;
    const color = options.alert ? alert : options.muted ? muted : ink;
    this.style(options.bold ? BOLD : REGULAR, size, color);
    this.keep(Math.min(this.doc.heightOfString(text, { width: contentWidth }), 3 * size * 1.4));
    this.doc.text(text, page.side, this.doc.y, { width: contentWidth, lineGap: 1 });
  }

  gap(points: number): void {
    this.doc.y += points;
  }

  private pageCount(): number {
    return this.doc.bufferedPageRange().count;
  }

  /** The running header and `page n of m` on every page, once the number of pages is known. */
  decoratePages(header: { left: string; right: string }, footer: (page: number, pages: number) => string) {
    const { doc } = this;
    const { start, count } = doc.bufferedPageRange();
    for (let index = start; index < start + count; index += 1) {
      doc.switchToPage(index);
      // Outside the margins: lineBreak false keeps PDFKit from wrapping onto a new page (and
      // from aligning, so right and centre are placed here).
      const headerY = page.top - 34;
      this.style(REGULAR, 8.5, muted);
      doc.text(header.left, page.side, headerY, { lineBreak: false });
      const rightX = page.side + contentWidth - doc.widthOfString(header.right);
      doc.text(header.right, rightX, headerY, { lineBreak: false });
      doc
        .moveTo(page.side, page.top - 18)
        .lineTo(page.side + contentWidth, page.top - 18)
        .lineWidth(0.6)
        .stroke(rule);
      const pageText = footer(index - start + 1, count);
      const centreX = page.side + (contentWidth - doc.widthOfString(pageText)) / 2;
      doc.text(pageText, centreX, page.height - page.bottom + 24, { lineBreak: false });
    }
  }

  /** Finishes the document and returns its bytes. */
  finish(): Promise<Buffer> {
    const { doc } = this;
    const chunks: Buffer[] = [];
    return new Promise((resolve, reject) => {
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      doc.end();
    });
  }
}
