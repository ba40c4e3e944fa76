import { describe, expect, it } from "vitest";
import { rulesFor } from "../src/domain/deadline-rules";
import { deadlinesOf, type RightDates } from "../src/domain/deadlines";
import { ASSET_KINDS, JURISDICTIONS } from "../src/domain/jurisdictions";

const patent = (over: Partial<RightDates>): RightDates => ({
  id: "ipa_p", name: "Patent", kind: "invention_patent", jurisdiction: "US", registrationNumber: null, filedAt: null, registeredAt: null, ...over,
});

type Example = [string, Partial<RightDates>, number, { dueDate: string; windowOpensAt?: string; graceEndsAt?: string }];

/**
 * [what, right, occurrence, expected], worked by hand from the office's own text or its worked example. Where the
 * office takes payment from the last day of the month N months before a month-end due date (EPO, DPMA, INPI), the
 * window opens on that day, the office's date noted beside the row; at the UKIPO it is the 3 whole months ending on it.
 */
const EXAMPLES: Example[] = [
  // EPC Rule 51(1) (from 1 April 2018): the 3rd year's fee payable up to 6 months before it falls due, every other 3 months.
  // EPO Guidelines A-X, 5.2.4, example A: due 30.11.2018, payable from 31.05.2018; the 4th year's due 30.11.2019, from 31.08.2019.
  ["EP 3rd year: due at the end of the filing anniversary's month, payable 6 months before (EPO: from 31 May), grace to the 6th month's end", { jurisdiction: "EU", filedAt: "2016-11-15" }, 1, { dueDate: "2018-11-30", windowOpensAt: "2018-05-31", graceEndsAt: "2019-05-31" }],
  ["EP 4th year (EPO: payable from 31 Aug)", { jurisdiction: "EU", filedAt: "2016-11-15" }, 2, { dueDate: "2019-11-30", windowOpensAt: "2019-08-31", graceEndsAt: "2020-05-31" }],
  // Example B (filed 14.07.2017): the 3rd year's due 31.07.2019, payable from 31.01.2019; the 4th year's due 31.07.2020, from 30.04.2020.
  ["EP 3rd year filed in July (EPO: payable from 31 January)", { jurisdiction: "EU", filedAt: "2017-07-14" }, 1, { dueDate: "2019-07-31", windowOpensAt: "2019-01-31" }],
  ["EP 4th year filed in July (EPO: payable from 30 April)", { jurisdiction: "EU", filedAt: "2017-07-14" }, 2, { dueDate: "2020-07-31", windowOpensAt: "2020-04-30" }],
  // UP Guidelines 3.1.7.3: due 28 February, the additional period ends 31 August, not 28 August.
  ["EP grace from a 28 February due date ends 31 August", { jurisdiction: "EU", filedAt: "2017-02-10" }, 1, { dueDate: "2019-02-28", graceEndsAt: "2019-08-31" }],
  // PatKostG §3(2), §5(2), §7(1).
  ["DE 3rd year: due 31 March, payable a year early (DPMA: from 31 March), surcharge to 30 September", { jurisdiction: "DE", filedAt: "2020-03-15" }, 1, { dueDate: "2022-03-31", windowOpensAt: "2021-03-31", graceEndsAt: "2022-09-30" }],
  ["DE surcharge period to the end of the 6th month after an April due date", { jurisdiction: "DE", filedAt: "2019-04-10" }, 1, { dueDate: "2021-04-30", graceEndsAt: "2021-10-31" }],
  // CPI R613-46, R613-47; INPI's example: filed 15 July 2004, annuities until 31 July each year.
  ["FR 2nd-year annuity due 31 July, payable from a year before (INPI: from 31 July), 6 months' grace from 1 August", { jurisdiction: "FR", filedAt: "2004-07-15" }, 1, { dueDate: "2005-07-31", windowOpensAt: "2004-07-31", graceEndsAt: "2006-01-31" }],
  ["FR grace from a 29 February due date runs to 31 August", { jurisdiction: "FR", filedAt: "2019-02-10" }, 1, { dueDate: "2020-02-29", graceEndsAt: "2020-08-31" }],
  // Patents Rules 2007 r.37; Patents Act 1977 s.25(4); gov.uk "Renew a patent".
  ["GB first renewal (5th year) at the end of the 4th anniversary's month, paid in the 3 months ending then", { jurisdiction: "GB", filedAt: "2015-07-01", registeredAt: "2018-02-01" }, 1, { dueDate: "2019-07-31", windowOpensAt: "2019-05-01", graceEndsAt: "2020-01-31" }],
  ["GB late payment to the end of the 6th month after an April due date", { jurisdiction: "GB", filedAt: "2016-04-30", registeredAt: "2019-06-12" }, 1, { dueDate: "2020-04-30", windowOpensAt: "2020-02-01", graceEndsAt: "2020-10-31" }],
  // LPI Art. 84 §2; INPI's FAQ: filed 01/06/2001, 3rd year paid 01/06/2003–01/09/2003, late to 01/03/2004; Portaria 52/2023: 3 months earlier.
  ["BR 3rd annuity in the year's first 3 months, then 6 months' grace", { jurisdiction: "BR", filedAt: "2001-06-01" }, 1, { dueDate: "2003-09-01", windowOpensAt: "2003-03-01", graceEndsAt: "2004-03-01" }],
  ["BR 20th annuity, before the term ends on 01/06/2021", { jurisdiction: "BR", filedAt: "2001-06-01" }, 18, { dueDate: "2020-09-01", windowOpensAt: "2020-03-01", graceEndsAt: "2021-03-01" }],
  // Patents Rules 2003 r.80(1), (1A): a patent granted within 2 years pays the 3rd year before the 2nd anniversary, 6 months' extension.
  ["IN 3rd-year fee before the 2nd anniversary, 6 months' extension", { jurisdiction: "IN", filedAt: "2014-12-31", registeredAt: "2016-06-01" }, 1, { dueDate: "2016-12-31", graceEndsAt: "2017-06-30" }],
  // Patents Act 1970 s.142(4): fees for the years before grant within 3 months of its recording; the next year's on its anniversary.
  ...[1, 2, 3, 4].map((occurrence): Example => [`IN year ${occurrence + 2}, owed before grant, due 3 months after it`, { jurisdiction: "IN", filedAt: "2014-03-15", registeredAt: "2019-08-20" }, occurrence, { dueDate: "2019-11-20", graceEndsAt: "2020-05-20" }]),
  ["IN 7th year, after grant, on its anniversary", { jurisdiction: "IN", filedAt: "2014-03-15", registeredAt: "2019-08-20" }, 5, { dueDate: "2020-03-15", graceEndsAt: "2020-09-15" }],
  // Implementing Rules r.97–98; CN Guidelines' example: filed 1997-06-03, granted 2001-08-01, the first fee after grant the 6th year's.
  ["CN 6th year, the first after grant, on the 5th filing anniversary", { jurisdiction: "CN", filedAt: "1997-06-03", registeredAt: "2001-08-01" }, 6, { dueDate: "2002-06-03" }],
  // Patents Rules 2007 r.37(3): granted within 3 months before a renewal falls due or after it, due by the end of the 3rd month after grant.
  ["GB granted late: first renewal at the end of the 3rd month after grant", { jurisdiction: "GB", filedAt: "2015-01-10", registeredAt: "2019-03-20" }, 1, { dueDate: "2019-06-30", windowOpensAt: "2019-04-01", graceEndsAt: "2019-12-31" }],
  ["GB granted in time: first renewal as usual", { jurisdiction: "GB", filedAt: "2015-01-10", registeredAt: "2018-09-05" }, 1, { dueDate: "2019-01-31", windowOpensAt: "2018-11-01", graceEndsAt: "2019-07-31" }],
];

describe("patent annuity rules", () => {
  it.each(EXAMPLES)("%s", (_, over, occurrence, expected) => {
    const d = deadlinesOf(patent(over)).find((x) => x.type === "annuity" && x.occurrence === occurrence);
    expect(d).toMatchObject(expected);
  });

  const fees = (over: Partial<RightDates>) => deadlinesOf(patent(over)).filter((d) => d.type === "annuity");

  it("lists a CN patent's fees from the year after grant: the grant year's was paid with it", () => {
    expect(fees({ jurisdiction: "CN", filedAt: "1997-06-03", registeredAt: "2001-08-01" })[0]).toMatchObject({ occurrence: 6, dueDate: "2002-06-03" });
    expect(fees({ jurisdiction: "CN", kind: "design_patent", filedAt: "1997-06-03", registeredAt: "2001-08-01" })[0]).toMatchObject({ occurrence: 6, dueDate: "2002-06-03" });
  });

  it("opens a window other than the rule's own for the EPO's 3rd-year fee alone", () => {
    const perYear = [...JURISDICTIONS, "elsewhere"].flatMap((jurisdiction) =>
      ASSET_KINDS.flatMap((kind) => rulesFor(jurisdiction, kind).filter((r) => r.windowMonthsAt).map((r) => [`${jurisdiction} ${kind} ${r.id}`, r.windowMonthsAt])),
    );
    expect(perYear).toEqual([["EU invention_patent annuity", { 24: 6 }]]);
  });

  it("owes no CN, IN or GB fee while the application is pending, though its term still runs from filing", () => {
    for (const [jurisdiction, kind] of [["CN", "invention_patent"], ["CN", "design_patent"], ["IN", "invention_patent"], ["GB", "invention_patent"]] as const) {
      expect(deadlinesOf(patent({ jurisdiction, kind, filedAt: "2015-01-10" })).map((d) => d.type), `${jurisdiction} ${kind}`).toEqual(["term_end"]);
    }
  });
});
