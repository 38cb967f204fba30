import { verifyChain } from '../domain/hash-chain.ts';
import type { Caller } from '../http/roles.ts';
import type { Language } from '../i18n/translate.ts';
import { type DossierInput, renderDossier } from '../pdf/dossier.ts';
import { loadDossierFonts } from '../pdf/fonts.ts';
import { caseKey } from '../store/cases.ts';
import { getCaseWithTimeline } from './read-cases.ts';

/**
 * What the dossier shows: the complaint as GET /v1/complaints/{id} reads it (another kind, or an
 * office the caller may not see, is not found), its audit trail and the chain proof of
 * GET /v1/complaints/{id}/verify-chain.
 */
export async function gatherDossier(id: string, caller: Caller): Promise<DossierInput> {
  const { timeline, ...complaint } = await getCaseWithTimeline('complaint', id, caller);
  return { complaint, timeline, chain: verifyChain(caseKey(id), timeline) };
}

/** 投诉档案 of one complaint as PDF, in the caller's language. */
export async function complaintDossier(
  id: string,
  caller: Caller,
  language: Language,
  now: Date,
): Promise<{ reference: string; pdf: Buffer }> {
  const [input, fonts] = await Promise.all([gatherDossier(id, caller), loadDossierFonts()]);
  const pdf = await renderDossier(input, { language, generatedAt: now, fonts });
  return { reference: input.complaint.reference, pdf };
}
