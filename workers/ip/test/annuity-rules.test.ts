import { describe, expect, it } from "vitest";
import { deadlinesOf, type RightDates } from "../src/domain/deadlines";

const patent = (over: Partial<RightDates>): RightDates => ({
  id: "ipa_p", name: "Patent", kind: "invention_patent", jurisdiction: "US", registrationNumber: null, filedAt: null, registeredAt: null, ...over,
});

/**
 * [what, right, occurrence, expected], worked by hand from the office's own text or its worked example. `windowOpensAt`
 * is the listing's: where the office takes payment from the day N months before a month-end due date (EPO, DPMA,
 * INPI), its window of N whole months ending on the due date opens a day later, never earlier; the office's date is noted.
 */
const EXAMPLES: [string, Partial<RightDates>, number, { dueDate: string; windowOpensAt?: string; graceEndsAt: string }][] = [
  // EPC Rule 51; EPO Guidelines A-X, 5.2.4, example A (due 30.11.2018 and 30.11.2019, the 4th year's payable from 31.08.2019).
  ["EP 3rd year: due at the end of the filing anniversary's month, grace to the 6th month's end", { jurisdiction: "EU", filedAt: "2016-11-15" }, 1, { dueDate: "2018-11-30", windowOpensAt: "2018-09-01", graceEndsAt: "2019-05-31" }],
  ["EP 4th year (EPO: payable from 31 Aug)", { jurisdiction: "EU", filedAt: "2016-11-15" }, 2, { dueDate: "2019-11-30", windowOpensAt: "2019-09-01", graceEndsAt: "2020-05-31" }],
  // UP Guidelines 3.1.7.3: due 28 February, the additional period ends 31 August, not 28 August.
  ["EP grace from a 28 February due date ends 31 August", { jurisdiction: "EU", filedAt: "2017-02-10" }, 1, { dueDate: "2019-02-28", graceEndsAt: "2019-08-31" }],
  // PatKostG §3(2), §5(2), §7(1).
  ["DE 3rd year: due 31 March, payable a year early (DPMA: from 31 March), surcharge to 30 September", { jurisdiction: "DE", filedAt: "2020-03-15" }, 1, { dueDate: "2022-03-31", windowOpensAt: "2021-04-01", graceEndsAt: "2022-09-30" }],
  ["DE surcharge period to the end of the 6th month after an April due date", { jurisdiction: "DE", filedAt: "2019-04-10" }, 1, { dueDate: "2021-04-30", graceEndsAt: "2021-10-31" }],
  // CPI R613-46, R613-47; INPI's example: filed 15 July 2004, annuities until 31 July each year.
  ["FR 2nd-year annuity due 31 July, 6 months' grace from 1 August", { jurisdiction: "FR", filedAt: "2004-07-15" }, 1, { dueDate: "2005-07-31", windowOpensAt: "2004-08-01", graceEndsAt: "2006-01-31" }],
  ["FR grace from a 29 February due date runs to 31 August", { jurisdiction: "FR", filedAt: "2019-02-10" }, 1, { dueDate: "2020-02-29", graceEndsAt: "2020-08-31" }],
  // Patents Rules 2007 r.37; Patents Act 1977 s.25(4); gov.uk "Renew a patent".
  ["GB first renewal (5th year) at the end of the 4th anniversary's month, paid in the 3 months ending then", { jurisdiction: "GB", filedAt: "2015-07-01" }, 1, { dueDate: "2019-07-31", windowOpensAt: "2019-05-01", graceEndsAt: "2020-01-31" }],
  ["GB late payment to the end of the 6th month after an April due date", { jurisdiction: "GB", filedAt: "2016-04-30" }, 1, { dueDate: "2020-04-30", windowOpensAt: "2020-02-01", graceEndsAt: "2020-10-31" }],
  // LPI Art. 84 §2; INPI's FAQ: filed 01/06/2001, 3rd year paid 01/06/2003–01/09/2003, late to 01/03/2004; Portaria 52/2023: 3 months earlier.
  ["BR 3rd annuity in the year's first 3 months, then 6 months' grace", { jurisdiction: "BR", filedAt: "2001-06-01" }, 1, { dueDate: "2003-09-01", windowOpensAt: "2003-03-01", graceEndsAt: "2004-03-01" }],
  ["BR 20th annuity, before the term ends on 01/06/2021", { jurisdiction: "BR", filedAt: "2001-06-01" }, 18, { dueDate: "2020-09-01", windowOpensAt: "2020-03-01", graceEndsAt: "2021-03-01" }],
  // Patents Rules 2003 r.80(1), (1A): a patent granted within 2 years pays the 3rd year before the 2nd anniversary, 6 months' extension.
  ["IN 3rd-year fee before the 2nd anniversary, 6 months' extension", { jurisdiction: "IN", filedAt: "2014-12-31", registeredAt: "2016-06-01" }, 1, { dueDate: "2016-12-31", graceEndsAt: "2017-06-30" }],
];

describe("patent annuity rules", () => {
  it.each(EXAMPLES)("%s", (_, over, occurrence, expected) => {
    const d = deadlinesOf(patent(over)).find((x) => x.type === "annuity" && x.occurrence === occurrence);
    expect(d).toMatchObject(expected);
  });
});
