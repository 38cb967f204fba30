import type { Language } from '../i18n/translate.ts';
import { capaSection, verificationSection } from './dossier-capa.ts';
import { type DossierInput, decisionsSection, reportSection, warrantySection } from './dossier-sections.ts';
import { timelineSection } from './dossier-timeline.ts';
import type { DossierFonts } from './fonts.ts';
import { wordsFor } from './labels.ts';
import { Layout } from './layout.ts';

export type { DossierInput } from './dossier-sections.ts';

export interface DossierOptions {
  /** The caller's language: labels only; what the customer and staff typed is printed as typed. */
  readonly language: Language;
  readonly generatedAt: Date;
  readonly fonts: DossierFonts;
}

/**
 * 投诉档案: the complaint report, the warranty decision, every decision, the CAPA form, the
 * verification rounds and the audit trail with its hash chain, as an A4 PDF. Pure: the record,
 * the fonts and the time in, the bytes out.
 */
export function renderDossier(input: DossierInput, options: DossierOptions): Promise<Buffer> {
  const w = wordsFor(options.language);
  const { complaint } = input;
  const title = `${complaint.reference} · ${w.t('dossier.title')}`;
  const layout = new Layout(options.fonts, {
    title,
    language: options.language,
    createdAt: options.generatedAt,
  });
  let number = 0;
  const section = (key: Parameters<typeof w.t>[0]) => {
    number += 1;
    layout.heading(w.t('dossier.section', { n: number, title: w.t(key) }));
  };
  layout.paragraph(w.t('dossier.title'), { size: 18, bold: true });
  layout.paragraph(`${complaint.reference} · ${complaint.organization} · ${complaint.title}`, {
    size: 11,
  });
  section('dossier.section.report');
  reportSection(layout, w, input);
  if (complaint.warranty) {
    section('dossier.section.warranty');
    warrantySection(layout, w, complaint.warranty);
  }
  section('dossier.section.decisions');
  decisionsSection(layout, w, complaint.workflow);
  section('dossier.section.capa');
  capaSection(layout, w, complaint.workflow?.capa);
  section('dossier.section.verification');
  verificationSection(layout, w, complaint.workflow?.capa);
  section('dossier.section.timeline');
  timelineSection(layout, w, input);
  layout.decoratePages(
    { left: title, right: w.t('dossier.generatedAt', { at: w.time(options.generatedAt.toISOString()) }) },
    (page, pages) => w.t('dossier.page', { page, pages }),
  );
  return layout.finish();
}
