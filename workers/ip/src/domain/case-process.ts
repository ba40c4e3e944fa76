/** The enforcement process as data: stages, the moves between them and what each move requires. */

export const STAGES = ["evidence", "warning_letter", "platform_complaint", "administrative_complaint", "litigation", "resolved", "closed"] as const;
export type Stage = (typeof STAGES)[number];

/** What a move may depend on: the case as it stands. */
export interface CaseFacts {
  stage: Stage;
  evidenceCount: number;
  infringer: { name?: string; platform?: string; listingUrl?: string; email?: string; address?: string };
  /** The right enforced, with the platform operator's decision on whether the tenant holds it. */
  right: { registrationNumber: string | null; status: string; ownership: "unverified" | "verified" | "rejected" };
  /** Stages the case has been in, in order. */
  history: Stage[];
}

interface Requirement {
  /** Why the move is refused when the requirement fails: the 409's detail. */
  why: string | ((c: CaseFacts) => string);
  holds: (c: CaseFacts) => boolean;
}

const whyOf = (r: Requirement, c: CaseFacts) => (typeof r.why === "string" ? r.why : r.why(c));

const REQUIREMENTS = {
  anchoredEvidence: { why: "attach at least one ledger-anchored evidence item to the case first", holds: (c) => c.evidenceCount > 0 },
  registeredRight: {
    why: "the right must be registered (or granted) and carry its registration number",
    holds: (c) => Boolean(c.right.registrationNumber) && ["registered", "granted"].includes(c.right.status),
  },
  // Registration numbers and owners are public, so anyone can claim a famous mark: only a right the operator
  // verified is the tenant's to cite in a letter or packet, as clearance only lets a verified claim clear a mark.
  ownRight: {
    why: (c) =>
      c.right.ownership === "rejected"
        ? "the platform found that this right is not the tenant's (ownership rejected)"
        : "the platform has not verified that this right is the tenant's (ownership unverified): ask the platform operator to verify the ownership claim against the office's record; the right's ownership.status shows the decision",
    holds: (c) => c.right.ownership === "verified",
  },
  infringerContact: { why: "the infringer needs a name and an email or postal address to send a letter to", holds: (c) => Boolean(c.infringer.name && (c.infringer.email || c.infringer.address)) },
  platformListing: { why: "name the platform and the infringing listing's URL", holds: (c) => Boolean(c.infringer.platform && c.infringer.listingUrl) },
  letterSent: { why: "litigation needs a warning letter sent first", holds: (c) => c.history.includes("warning_letter") },
} satisfies Record<string, Requirement>;

type RequirementId = keyof typeof REQUIREMENTS;

interface Move {
  from: Stage;
  to: Stage;
  requires: readonly RequirementId[];
}

const ACTIVE: readonly Stage[] = ["evidence", "warning_letter", "platform_complaint", "administrative_complaint", "litigation"];

/** Every allowed move. Forward only, one stage at a time or escalating past the platform; any active stage may end. */
export const MOVES: readonly Move[] = [
  { from: "evidence", to: "warning_letter", requires: ["anchoredEvidence", "registeredRight", "ownRight", "infringerContact"] },
  { from: "warning_letter", to: "platform_complaint", requires: ["anchoredEvidence", "ownRight", "platformListing"] },
  { from: "warning_letter", to: "administrative_complaint", requires: ["anchoredEvidence", "registeredRight", "ownRight"] },
  { from: "platform_complaint", to: "administrative_complaint", requires: ["anchoredEvidence", "registeredRight", "ownRight"] },
  { from: "warning_letter", to: "litigation", requires: ["anchoredEvidence", "registeredRight", "ownRight", "letterSent"] },
  { from: "administrative_complaint", to: "litigation", requires: ["anchoredEvidence", "registeredRight", "ownRight", "letterSent"] },
  ...ACTIVE.flatMap((from) => (["resolved", "closed"] as const).map((to) => ({ from, to, requires: [] }))),
];

/** Days until the next step is due once a case enters a stage: the infringer's reply window, the platform's, the office's. */
export const STAGE_DUE_DAYS: Partial<Record<Stage, number>> = {
  evidence: 30,
  warning_letter: 14,
  platform_complaint: 7,
  administrative_complaint: 60,
  litigation: 90,
};

export type MoveCheck = { allowed: true } | { allowed: false; reason: string };

/** Whether the case may move to `to` now, and if not, why (for a 409 and for the case's list of next moves). */
export function checkMove(c: CaseFacts, to: Stage): MoveCheck {
  if (c.stage === "resolved" || c.stage === "closed") return { allowed: false, reason: `the case is ${c.stage}; a finished case cannot move` };
  if (to === c.stage) return { allowed: false, reason: `the case is already at ${to}` };
  const move = MOVES.find((m) => m.from === c.stage && m.to === to);
  if (!move) {
    const next = MOVES.filter((m) => m.from === c.stage).map((m) => m.to);
    return { allowed: false, reason: `a case at ${c.stage} cannot move to ${to}; it can move to ${next.join(", ")}` };
  }
  const failed = move.requires.map((id) => REQUIREMENTS[id]).filter((r) => !r.holds(c));
  return failed.length === 0 ? { allowed: true } : { allowed: false, reason: `cannot move to ${to}: ${failed.map((r) => whyOf(r, c)).join("; ")}` };
}

/** The moves from the case's stage, each with whether it is open now. */
export const nextMoves = (c: CaseFacts) =>
  MOVES.filter((m) => m.from === c.stage).map((m) => {
    const check = checkMove(c, m.to);
    return { to: m.to, allowed: check.allowed, ...(check.allowed ? {} : { reason: check.reason }) };
  });

/** Why a warning letter or platform packet cannot be rendered yet (they cite the registration and the evidence), or null. */
export function renderBlocker(c: CaseFacts): string | null {
  const failed = (["anchoredEvidence", "registeredRight", "ownRight"] as const).map((id) => REQUIREMENTS[id] as Requirement).filter((r) => !r.holds(c));
  return failed.length ? failed.map((r) => whyOf(r, c)).join("; ") : null;
}
