import type { Role } from '../http/roles.ts';

/**
 * Scrapping of spare parts (报废, requirements.md §4), pure. A non-fixed-asset part (or one lot of
 * it) worth over 200 yuan is appraised by the repair team, the warehouse keeper and the equipment
 * owner, three different people, and then approved by management before it leaves stock; at or
 * under 200 yuan the warehouse scraps it at once with its reason. Fixed assets are scrapped by the
 * fixed-asset procedure, never here.
 *
 * An appraisal opinion of `keep` (留用) does not stop the request: it is recorded, and management
 * decides with the three opinions in view. Approving against a `keep` opinion needs a note saying
 * why (a decision that overrides an appraiser is explained in the record).
 */

/** Scrap requests are numbered like returns: `BF-20261127-0001` (报废). */
export const scrapReferencePrefix = 'BF';

/** requirements.md §4: "over 200 yuan" needs the appraisal; exactly 200.00 does not. */
export const APPRAISAL_THRESHOLD_FEN = 20_000;

/** `warehouse`: scrapped at once by the warehouse; `appraisal`: three appraisals and management approval. */
export const scrapRouteKinds = ['warehouse', 'appraisal'] as const;
export type ScrapRoute = (typeof scrapRouteKinds)[number];

/** Fixed assets (固定资产) are scrapped by the fixed-asset procedure, not as spare parts. */
export const scrappedAsSparePart = (part: { readonly fixedAsset: boolean }): boolean => !part.fixedAsset;

/** The route a scrap of this value (fen, at the lots' costs) takes. */
export const scrapRouteOf = (valueFen: number): ScrapRoute =>
  valueFen > APPRAISAL_THRESHOLD_FEN ? 'appraisal' : 'warehouse';

export const scrapStatuses = ['appraising', 'awaitingApproval', 'scrapped', 'rejected'] as const;
export type ScrapStatus = (typeof scrapStatuses)[number];

/** The status a new request starts in: scrapped at once on the warehouse route. */
export const initialStatusOf = (route: ScrapRoute): ScrapStatus =>
  route === 'warehouse' ? 'scrapped' : 'appraising';

/** The three appraisals (技术鉴定): repair team (维修班组), warehouse keeper (库管), equipment owner (设备使用部门). */
export const appraisalSlots = ['repairTeam', 'warehouseKeeper', 'equipmentOwner'] as const;
export type AppraisalSlot = (typeof appraisalSlots)[number];

/** Who fills each slot. */
export const slotRoles: Readonly<Record<AppraisalSlot, Role>> = {
  repairTeam: 'production',
  warehouseKeeper: 'warehouse',
  equipmentOwner: 'department',
};

/** Everyone who appraises (the appraisal route's roles). */
export const appraiserRoles: readonly Role[] = appraisalSlots.map((slot) => slotRoles[slot]);
/** The warehouse keeper (库管) requests a scrap. */
export const requesterRoles: readonly Role[] = ['warehouse'];
/** Management approves (the decision route's roles). */
export const deciderRoles: readonly Role[] = ['manager'];
/** Who reads scrap requests. */
export const scrapReaderRoles: readonly Role[] = [
  'warehouse',
  'production',
  'department',
  'manager',
  'admin',
];

export const appraisalOpinions = ['scrap', 'keep'] as const;
export type AppraisalOpinion = (typeof appraisalOpinions)[number];

export const scrapDecisions = ['approve', 'reject'] as const;
export type ScrapDecision = (typeof scrapDecisions)[number];

/** One appraisal as the rules see it: the opinion and who gave it. */
export interface AppraisalFacts {
  readonly opinion: AppraisalOpinion;
  readonly by: { readonly sub?: string };
}

export type Appraisals = Partial<Readonly<Record<AppraisalSlot, AppraisalFacts>>>;

/** What the rules decide on: where the request stands and who appraised. */
export interface ScrapState {
  readonly status: ScrapStatus;
  readonly appraisals: Appraisals;
}

/** Who acts: their identity and roles. */
export interface Person {
  readonly sub: string;
  readonly roles: readonly Role[];
}

/**
 * Why an appraisal is refused: a role that does not fill the slot (403), a request not being
 * appraised, a slot already filled, or a person who appraised in another slot (409).
 */
export type AppraisalRefusal = 'wrongRole' | 'notAppraising' | 'slotTaken' | 'samePerson';

/** Undefined when `person` may give the appraisal of `slot` now. */
export function appraisalRefusal(
  state: ScrapState,
  slot: AppraisalSlot,
  person: Person,
): AppraisalRefusal | undefined {
  if (!person.roles.includes(slotRoles[slot])) return 'wrongRole';
  if (state.status !== 'appraising') return 'notAppraising';
  if (state.appraisals[slot]) return 'slotTaken';
  const elsewhere = appraisalSlots.some((other) => state.appraisals[other]?.by.sub === person.sub);
  return elsewhere ? 'samePerson' : undefined;
}

/** True when every slot holds an appraisal. */
export const appraisalComplete = (appraisals: Appraisals): boolean =>
  appraisalSlots.every((slot) => appraisals[slot] !== undefined);

/** The status after an appraisal: the last of the three sends the request to management. */
export const statusAfterAppraisal = (appraisals: Appraisals): ScrapStatus =>
  appraisalComplete(appraisals) ? 'awaitingApproval' : 'appraising';

/**
 * Why a decision is refused: not every appraisal is in (one approver alone never scraps; 409), the
 * approver appraised it (409), or an approval against a `keep` opinion gives no reason (422).
 */
export type DecisionRefusal = 'notAwaitingApproval' | 'approverIsAppraiser' | 'noteRequired';

/** Undefined when `sub` may take `decision` now. */
export function decisionRefusal(
  state: ScrapState,
  decision: ScrapDecision,
  sub: string,
  note: string | undefined,
): DecisionRefusal | undefined {
  if (state.status !== 'awaitingApproval' || !appraisalComplete(state.appraisals)) {
    return 'notAwaitingApproval';
  }
  if (appraisalSlots.some((slot) => state.appraisals[slot]?.by.sub === sub)) return 'approverIsAppraiser';
  if (decision === 'approve' && keepOpinions(state.appraisals).length > 0 && !note) return 'noteRequired';
  return undefined;
}

/** The slots whose appraiser would keep the part. */
export const keepOpinions = (appraisals: Appraisals): AppraisalSlot[] =>
  appraisalSlots.filter((slot) => appraisals[slot]?.opinion === 'keep');

export const statusAfterDecision = (decision: ScrapDecision): ScrapStatus =>
  decision === 'approve' ? 'scrapped' : 'rejected';

export const scrapActions = ['appraise', 'approve', 'reject'] as const;
export type ScrapAction = (typeof scrapActions)[number];

/** The steps a request in `status` takes next (what the console offers; roles decide who). */
export function availableScrapActions(status: ScrapStatus): ScrapAction[] {
  switch (status) {
    case 'appraising':
      return ['appraise'];
    case 'awaitingApproval':
      return ['approve', 'reject'];
    default:
      return [];
  }
}
