import type { LetterFacts } from "./letters";

/**
 * A platform complaint packet: the fields marketplace brand-protection and
 * notice-and-takedown forms ask for (rights owner and contact, the right and
 * its registration, the infringing listing, evidence, and the sworn statements).
 */
export function complaintPacket(f: LetterFacts & { niceClasses: number[]; infringerStore?: string; infringerCountry?: string; caseId: string }) {
  return {
    caseId: f.caseId,
    submittedOn: f.date,
    rightsOwner: { name: f.owner, role: "rights_owner" },
    right: {
      type: f.rightKind,
      name: f.mark,
      registrationNumber: f.registrationNumber,
      registrationOffice: f.jurisdiction,
      niceClasses: f.niceClasses,
    },
    infringement: {
      type: "trademark_infringement",
      platform: f.platform ?? null,
      listingUrls: f.listingUrl ? [f.listingUrl] : [],
      sellerName: f.infringerStore ?? f.infringer,
      sellerCountry: f.infringerCountry ?? null,
      description: `Listing uses "${f.mark}" (${f.jurisdiction} ${f.registrationNumber}) without the owner's authorisation.`,
    },
    evidence: f.evidence.map((e) => ({ sha256: e.sha256, ledgerIndex: e.index, leafHash: e.leafHash, url: e.url, capturedAt: e.capturedAt })),
    ledger: f.ledger,
    declarations: [
      "I have a good faith belief that use of the material in the manner complained of is not authorized by the rights owner, its agent, or the law.",
      "The information in this notice is accurate, and under penalty of perjury, I am the rights owner or authorized to act on its behalf.",
    ],
    signature: { name: f.owner, date: f.date },
  };
}
