import type { CapaRecord } from '../domain/complaint-record.ts';
import type { Words } from './labels.ts';
import type { Layout } from './layout.ts';
import { decisionWord, rows, signedNote, text } from './rows.ts';

/** 4. 《纠正预防措施要求表》: the request, then each round's proposals, reviews, reply and execution report. */
export function capaSection(layout: Layout, w: Words, capa: CapaRecord | undefined): void {
  if (!capa) {
    layout.paragraph(w.t('dossier.capa.none'), { muted: true });
    return;
  }
  rows(layout, w, [
    ['dossier.field.capaNumber', capa.number],
    ['dossier.field.department', capa.departmentId],
    ['dossier.field.requestedAt', w.time(capa.requestedAt)],
    ['dossier.field.rounds', String(capa.rounds.length)],
  ]);
  for (const round of capa.rounds) {
    for (const [index, proposal] of round.proposals.entries()) {
      layout.subheading(
        w.t('dossier.capa.proposal', { round: round.round, n: index + 1 }),
        signedNote(w, proposal),
      );
      rows(layout, w, [
        ['dossier.field.rootCause', proposal.rootCause],
        ['dossier.field.correctiveMeasures', proposal.correctiveMeasures],
        ['dossier.field.preventiveMeasures', proposal.preventiveMeasures],
        [
          'dossier.field.review',
          proposal.review
            ? `${decisionWord(w, proposal.review.decision)} · ${signedNote(w, proposal.review)}`
            : undefined,
        ],
        ['dossier.field.reason', text(proposal.review?.reason)],
      ]);
    }
    if (round.reply) {
      layout.subheading(w.t('dossier.capa.reply', { round: round.round }), signedNote(w, round.reply));
      rows(layout, w, [
        ['dossier.field.reply', round.reply.reply],
        ['dossier.field.replyChannel', w.label('channel', round.reply.channel)],
      ]);
    }
    if (round.execution) {
      layout.subheading(
        w.t('dossier.capa.execution', { round: round.round }),
        signedNote(w, round.execution),
      );
      rows(layout, w, [
        ['dossier.field.report', round.execution.report],
        ['dossier.field.completedOn', round.execution.completedOn],
      ]);
    }
  }
}

/** 5. Each round's effectiveness verification: an ineffective one is why the next round exists. */
export function verificationSection(layout: Layout, w: Words, capa: CapaRecord | undefined): void {
  const verified = (capa?.rounds ?? []).flatMap((round) =>
    round.verification ? [{ round: round.round, verification: round.verification }] : [],
  );
  if (verified.length === 0) {
    layout.paragraph(w.t('dossier.verification.none'), { muted: true });
    return;
  }
  for (const { round, verification } of verified) {
    layout.subheading(w.t('dossier.verification.round', { round }));
    rows(layout, w, [
      ['dossier.field.result', w.t(`dossier.result.${verification.result}`)],
      ['dossier.field.notes', verification.notes],
      ['dossier.field.verifiedBy', w.actor(verification.by)],
      ['dossier.field.verifiedAt', w.time(verification.at)],
    ]);
  }
}
