import { complaintDossier } from '../../shared/app/dossier.ts';
import { areaHandler } from '../../shared/http/handler.ts';

/** The complaint dossier as PDF (its own function: only it carries the CJK font). */
export const handler = areaHandler('dossier', {
  getComplaintDossier: async ({ params, caller, language, now }) => {
    const { reference, pdf } = await complaintDossier(params.id, caller, language, now);
    return {
      status: 200,
      body: pdf,
      contentType: 'application/pdf',
      // References are ASCII (`TS-20261127-0007`); the quotes keep the header valid whatever comes.
      headers: { 'Content-Disposition': `attachment; filename="${reference.replace(/[^\w.-]/g, '_')}.pdf"` },
    };
  },
});
