import type { DossierInput } from './dossier-sections.ts';
import type { Words } from './labels.ts';
import type { Layout } from './layout.ts';

/** An audit event's name: its catalogue label, a decision by its step, or the stored type. */
function eventName(w: Words, type: string): string {
  const decided = /^(\w+)\.decided$/.exec(type)?.[1];
  return decided ? w.t('dossier.event.decided', { step: w.label('step', decided) }) : w.label('event', type);
}

/** 6. The audit trail with each event's hash, and whether the chain verifies. */
export function timelineSection(layout: Layout, w: Words, { timeline, chain }: DossierInput): void {
  if (chain.intact) {
    layout.paragraph(w.t('dossier.chain.intact', { events: timeline.length }), { bold: true });
    const last = timeline.at(-1);
    if (last)
      layout.paragraph(w.t('dossier.chain.lastHash', { hash: last.hash }), { size: 7.5, muted: true });
  } else {
    layout.paragraph(w.t('dossier.chain.broken', { seq: chain.brokenAt }), { bold: true, alert: true });
  }
  layout.gap(4);
  for (const event of timeline) {
    const broken = !chain.intact && event.seq === chain.brokenAt;
    layout.field(
      `#${event.seq}`,
      [
        `${w.time(event.at)} · ${eventName(w, event.type)} · ${w.actor(event.actor)}`,
        w.t('dossier.event.hash', { hash: event.hash }),
        ...(broken ? [w.t('dossier.event.broken')] : []),
      ].join('\n'),
      // Small enough for a whole SHA-256 on one line.
      { alert: broken, size: 8.5, labelWidth: 36 },
    );
  }
}
