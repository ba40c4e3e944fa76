import type { AssetKind, Jurisdiction } from "./jurisdictions";

export type DeadlineType = "renewal" | "declaration_of_use" | "maintenance_fee" | "annuity" | "term_end";

/**
 * One recurring or one-off obligation of a right, counted in months from an
 * anchor date. `dueMonths` lists the due points; `windowMonths` is how early
 * the office accepts it, `graceMonths` how late (with a surcharge).
 */
export interface DeadlineRule {
  id: string;
  type: DeadlineType;
  anchor: "filedAt" | "registeredAt";
  dueMonths: readonly number[];
  windowMonths: number;
  /** The window of a due point (keyed by its `dueMonths` entry) that the office opens earlier or later than `windowMonths`. */
  windowMonthsAt?: Readonly<Record<number, number>>;
  graceMonths: number;
  /**
   * Due on the last day of the month a due point falls in: the window is then the `windowMonths` ending on that day
   * and the grace runs to the end of the `graceMonths`th month after it (EUTMR Art. 53(3), CDR Art. 13(3); yearly
   * fees at the EPO, DPMA, INPI and UKIPO).
   */
  monthEnd?: true;
  /**
   * With `monthEnd`: the window opens on the last day of the month `windowMonths` before the due date, the day
   * the office takes payment from (EPC Rule 51(1); PatKostG §5(2); CPI R613-46), not on the day after it.
   */
  opensOnMonthEnd?: true;
  /**
   * The right's term, counted from another date: due points on or after it are dropped, and without that
   * date the rule gives nothing (JP and KR annuities fall on anniversaries of registration, the term runs from filing).
   */
  until?: { anchor: DeadlineRule["anchor"]; months: number };
  /**
   * Owed only once the right is granted (`registeredAt`), and without that date the rule gives nothing:
   * `"waived"` drops due points on or before grant (paid with it); `{ lead, months }` moves due points up to
   * `lead` months after grant to `months` after it (before `monthEnd`), the fees that accrued before grant.
   * `months` ≥ `lead`, so no due point moves earlier than it was.
   */
  afterGrant?: "waived" | { lead: number; months: number };
  source: string;
}

/** Due points every `step` months from `first` up to `last` inclusive. */
const every = (step: number, first: number, last: number) =>
  Array.from({ length: Math.floor((last - first) / step) + 1 }, (_, i) => first + i * step);

/** Trademark renewals run forever in principle; 100 years of them is more than any calendar needs. */
const TM_RENEWALS = every(120, 120, 1200);
const YEARLY = (fromYear: number, toYear: number) => every(12, (fromYear - 1) * 12, (toYear - 1) * 12);

const tmRenewal = (anchor: DeadlineRule["anchor"], source: string, graceMonths = 6, windowMonths = 12): DeadlineRule => ({
  id: "tm-renewal",
  type: "renewal",
  anchor,
  dueMonths: TM_RENEWALS,
  windowMonths,
  graceMonths,
  source,
});

const inventionTerm: DeadlineRule = {
  id: "invention-term",
  type: "term_end",
  anchor: "filedAt",
  dueMonths: [240],
  windowMonths: 0,
  graceMonths: 0,
  source: "TRIPS Art. 33: invention patents last 20 years from filing",
};

/** How an office times its yearly fees, where it differs from due on the anniversary, 3 months early, 6 months late. */
interface AnnuityTerms {
  /** The right's last year: 20 for an invention patent. */
  toYear?: number;
  /** The fee is paid in the first `paidWithin` months of its year rather than before the year begins (BR). */
  paidWithin?: number;
  windowMonths?: number;
  /** A year whose fee the office takes over another span than `windowMonths` before it is due: months, by year. */
  windowByYear?: Readonly<Record<number, number>>;
  graceMonths?: number;
  monthEnd?: true;
  opensOnMonthEnd?: true;
  afterGrant?: DeadlineRule["afterGrant"];
}

/**
 * Yearly annuities for years `fromYear`–`toYear`, each due on the anniversary that begins its patent year
 * (or `paidWithin` months after it); none falls after the term ends.
 */
const annuities = (
  anchor: DeadlineRule["anchor"],
  fromYear: number,
  source: string,
  { toYear = 20, paidWithin = 0, windowMonths = 3, windowByYear, graceMonths = 6, monthEnd, opensOnMonthEnd, afterGrant }: AnnuityTerms = {},
): DeadlineRule => ({
  id: "annuity",
  type: "annuity",
  anchor,
  dueMonths: YEARLY(fromYear, toYear).map((months) => months + paidWithin),
  windowMonths,
  ...(windowByYear ? { windowMonthsAt: Object.fromEntries(Object.entries(windowByYear).map(([year, w]) => [(Number(year) - 1) * 12 + paidWithin, w])) } : {}),
  graceMonths,
  ...(monthEnd ? { monthEnd } : {}),
  ...(opensOnMonthEnd ? { opensOnMonthEnd } : {}),
  ...(afterGrant ? { afterGrant } : {}),
  source,
});

/**
 * Annuities where years 1–3 are paid on registration: each later year's fee falls due on an anniversary of
 * registration, from the 3rd, until the patent's 20 years from filing run out (the last year it starts is paid whole).
 */
const annuitiesFromRegistration = (source: string): DeadlineRule => ({
  ...annuities("registeredAt", 4, source),
  until: { anchor: "filedAt", months: 240 },
});

/** EU-style designs: five-year terms renewed up to 25 years from filing. */
const fiveYearDesign = (source: string, monthEnd?: true): DeadlineRule[] => [
  { id: "design-renewal", type: "renewal", anchor: "filedAt", dueMonths: [60, 120, 180, 240], windowMonths: 6, graceMonths: 6, ...(monthEnd ? { monthEnd } : {}), source },
  { id: "design-term", type: "term_end", anchor: "filedAt", dueMonths: [300], windowMonths: 0, graceMonths: 0, source },
];

type KindRules = Partial<Record<AssetKind, readonly DeadlineRule[]>>;

/** Defaults where a jurisdiction states nothing more specific. Copyright needs no upkeep (Berne Convention Art. 5(2)). */
const DEFAULTS: KindRules = {
  trademark: [tmRenewal("registeredAt", "TRIPS Art. 18: renewable terms of at least 7 years; 10 years from registration assumed")],
  invention_patent: [annuities("filedAt", 3, "Yearly renewal fees from filing (most offices); see the office's fee schedule"), inventionTerm],
  design_patent: fiveYearDesign("Hague Agreement (1999 Act) Art. 17: 5-year terms, at least 15 years; 25 assumed"),
  copyright: [],
};

/**
 * The rules per jurisdiction and kind, each citing its source. A kind listed
 * for a jurisdiction replaces the default for that kind there.
 */
export const DEADLINE_RULES: Record<Jurisdiction, KindRules> = {
  US: {
    trademark: [
      tmRenewal("registeredAt", "15 U.S.C. §1059: 10-year renewal from registration, 1-year window, 6-month grace"),
      {
        id: "us-section-8",
        type: "declaration_of_use",
        anchor: "registeredAt",
        dueMonths: [72],
        windowMonths: 12,
        graceMonths: 6,
        source: "15 U.S.C. §1058: declaration of use between the 5th and 6th year after registration, 6-month grace",
      },
    ],
    invention_patent: [
      {
        id: "us-maintenance",
        type: "maintenance_fee",
        anchor: "registeredAt",
        dueMonths: [42, 90, 138],
        windowMonths: 6,
        graceMonths: 6,
        source: "35 U.S.C. §41(b); 37 CFR 1.362: maintenance fees due 3.5, 7.5 and 11.5 years from grant, 6-month surcharge grace",
      },
      { ...inventionTerm, source: "35 U.S.C. §154(a)(2): 20 years from filing" },
    ],
    design_patent: [
      { id: "us-design-term", type: "term_end", anchor: "registeredAt", dueMonths: [180], windowMonths: 0, graceMonths: 0, source: "35 U.S.C. §173: 15 years from grant, no maintenance fees" },
    ],
  },
  EU: {
    trademark: [{ ...tmRenewal("filedAt", "Regulation (EU) 2017/1001 Art. 52–53: 10 years from filing; the 6-month window ends on the last day of the month protection ends, the 6-month grace follows it", 6, 6), monthEnd: true }],
    invention_patent: [annuities("filedAt", 3, "EPC Art. 86, Rule 51(1)–(2) (as in force from 1 April 2018, OJ EPO 2018, A2); Regulation (EU) 1257/2012 Art. 11, UPR Rule 13: renewal fees from the 3rd year, due on the last day of the month of the filing anniversary, payable 3 months before (the 3rd year's 6), with the additional fee to the end of the 6th month after (Guidelines A-X, 5.2.4; J 4/91)", { monthEnd: true, opensOnMonthEnd: true, windowByYear: { 3: 6 } }), inventionTerm],
    design_patent: fiveYearDesign("Regulation (EC) 6/2002 Art. 12–13: 5-year terms renewable up to 25 years; window to the last day of the month protection ends, then 6-month grace", true),
  },
  GB: {
    trademark: [tmRenewal("filedAt", "Trade Marks Act 1994 s.42–43: 10 years from filing, 6-month window and grace", 6, 6)],
    invention_patent: [annuities("filedAt", 5, "Patents Act 1977 s.25(3)–(4); Patents Rules 2007 r.37: renewal fees from the 5th year, each paid in the 3 months ending on the last day of the month of the filing anniversary, late with a fee to the end of the 6th month after; r.37(3): for a patent granted later than 3 months before a fee falls due, by the end of the 3rd month after grant", { monthEnd: true, afterGrant: { lead: 3, months: 3 } }), inventionTerm],
    design_patent: fiveYearDesign("Registered Designs Act 1949 s.8: 5-year terms renewable up to 25 years"),
  },
  CN: {
    trademark: [tmRenewal("registeredAt", "Trademark Law of the PRC Art. 39–40: 10 years from approval, 12-month window, 6-month grace")],
    invention_patent: [annuities("filedAt", 1, "Patent Law Implementing Rules r.97–98: the grant year's fee paid at registration, each later year's due on the filing anniversary that begins it", { afterGrant: "waived" }), inventionTerm],
    design_patent: [
      annuities("filedAt", 1, "Patent Law Implementing Rules r.97–98: the grant year's fee paid at registration, each later year's due on the filing anniversary that begins it, for the design's 15 years", { toYear: 15, afterGrant: "waived" }),
      { id: "cn-design-term", type: "term_end", anchor: "filedAt", dueMonths: [180], windowMonths: 0, graceMonths: 0, source: "Patent Law of the PRC (2021) Art. 42: designs last 15 years from filing" },
    ],
  },
  JP: {
    trademark: [tmRenewal("registeredAt", "Trademark Act Art. 19–20: 10 years from registration, 6-month window and grace", 6, 6)],
    invention_patent: [annuitiesFromRegistration("Patent Act Art. 107–108, 112: years 1–3 paid at registration; the 4th and later years' fees due before each anniversary of registration, 6-month grace at surcharge; the term ends 20 years from filing (Art. 67)"), inventionTerm],
  },
  KR: {
    trademark: [tmRenewal("registeredAt", "Trademark Act Art. 83–84: 10 years from registration, 12-month window, 6-month grace")],
    invention_patent: [annuitiesFromRegistration("Patent Act Art. 79, 81: years 1–3 paid at registration; the 4th and later years' fees due before each anniversary of registration, 6-month grace at surcharge; the term ends 20 years from filing (Art. 88)"), inventionTerm],
  },
  DE: {
    trademark: [tmRenewal("filedAt", "MarkenG §47: 10 years from filing, 6-month grace", 6, 6)],
    invention_patent: [annuities("filedAt", 3, "PatG §17(1); PatKostG §3(2), §5(2), §7(1): annual fees from the 3rd year, due on the last day of the month of the filing anniversary, payable from a year before, without surcharge to the end of the 2nd month after and with it to the end of the 6th", { monthEnd: true, opensOnMonthEnd: true, windowMonths: 12 }), inventionTerm],
    design_patent: fiveYearDesign("DesignG §27–28: 5-year terms renewable up to 25 years"),
  },
  FR: {
    trademark: [tmRenewal("filedAt", "Code de la propriété intellectuelle L712-1, R712-24: 10 years from filing, 6-month grace", 6, 6)],
    invention_patent: [annuities("filedAt", 2, "Code de la propriété intellectuelle L612-19, R613-46, R613-47: annuities from the 2nd year, due on the last day of the month of the filing anniversary, payable from a year before, with a surcharge for 6 months from the next day", { monthEnd: true, opensOnMonthEnd: true, windowMonths: 12 }), inventionTerm],
    design_patent: fiveYearDesign("Code de la propriété intellectuelle L513-1: 5-year terms renewable up to 25 years"),
  },
  BR: {
    trademark: [tmRenewal("registeredAt", "Lei 9.279/1996 Art. 133: 10 years from grant, last-year window, 6-month grace")],
    invention_patent: [annuities("filedAt", 3, "Lei 9.279/1996 Art. 84 §2: annuities from the 3rd year (24th month), each paid in the first 3 months of its year, or with a surcharge in the 6 months after; Portaria INPI/PR 52/2023: also in the 3 months before that year", { paidWithin: 3, windowMonths: 6 }), inventionTerm],
  },
  IN: {
    trademark: [tmRenewal("filedAt", "Trade Marks Act 1999 s.25: 10 years from filing, 6-month grace")],
    invention_patent: [annuities("filedAt", 3, "Patents Act 1970 s.53(2); Patents Rules 2003 r.80(1), (1A): renewal fees from the 3rd year, each due before the year it keeps begins (years count from the date of the patent, its filing date: s.45), extendable 6 months on Form 4; s.142(4): fees for the years before grant paid within 3 months of its recording", { afterGrant: { lead: 0, months: 3 } }), inventionTerm],
  },
  AU: {
    trademark: [tmRenewal("filedAt", "Trade Marks Act 1995 s.72, s.79–80: 10 years from filing, 6-month grace")],
    invention_patent: [annuities("filedAt", 5, "Patents Act 1990 s.143; Patents Regulations Sch. 7: continuation fees from the 4th anniversary"), inventionTerm],
  },
  CA: {
    trademark: [tmRenewal("registeredAt", "Trademarks Act s.46 (2019): 10 years from registration, 6-month grace")],
    invention_patent: [annuities("filedAt", 3, "Patent Act s.46; Patent Rules s.27: maintenance fees from the 2nd anniversary"), inventionTerm],
  },
  MX: {
    trademark: [
      tmRenewal("registeredAt", "LFPPI (2020) Art. 178, 237: 10 years from grant, 6-month window and grace", 6, 6),
      {
        id: "mx-declaration-of-use",
        type: "declaration_of_use",
        anchor: "registeredAt",
        dueMonths: [39],
        windowMonths: 3,
        graceMonths: 0,
        source: "LFPPI (2020) Art. 233: declaration of use within the 3 months after the 3rd anniversary of grant",
      },
    ],
  },
  SA: {
    trademark: [tmRenewal("filedAt", "GCC Trademark Law Art. 20–21: 10 years from filing, 6-month grace")],
  },
  AE: {
    trademark: [tmRenewal("filedAt", "Federal Decree-Law 36/2021 Art. 20: 10 years from filing, 6-month grace")],
  },
  WIPO: {
    trademark: [tmRenewal("registeredAt", "Madrid Protocol Art. 6(1), 7: 10 years from international registration, 6-month grace", 6, 6)],
    invention_patent: [],
    design_patent: fiveYearDesign("Hague Agreement (1999 Act) Art. 17: 5-year terms, renewal per designated party's maximum"),
  },
};

/** The rules that apply to one right: the jurisdiction's own for that kind, else the defaults. */
export function rulesFor(jurisdiction: string, kind: AssetKind): readonly DeadlineRule[] {
  return DEADLINE_RULES[jurisdiction as Jurisdiction]?.[kind] ?? DEFAULTS[kind] ?? [];
}
