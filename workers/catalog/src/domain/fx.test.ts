import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minorDigits } from "../../../../shared/money/currency";
import { convertExact } from "./fx";
import { localizePrice } from "./price";
import { roundHalfUp, type Rational } from "./rational";
import { withTax } from "./tax";

const CURRENCIES = ["USD", "EUR", "JPY", "KWD", "BHD", "CLP", "IDR", "GBP", "CLF"];
const currency = fc.constantFrom(...CURRENCIES);
/** A rate as the API accepts it: up to 12 integer and 12 fraction digits, positive. */
const rate = fc
  .tuple(fc.bigInt({ min: 0n, max: 999_999n }), fc.bigInt({ min: 0n, max: 10n ** 8n - 1n }), fc.integer({ min: 0, max: 8 }))
  .filter(([i, f]) => i > 0n || f > 0n)
  .map(([i, f, digits]) => (digits === 0 ? `${i === 0n ? 1n : i}` : `${i}.${f.toString().padStart(8, "0").slice(0, digits)}`))
  .filter((r) => /[1-9]/.test(r));
const amount = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));

/**
 * Exact arithmetic, done independently: every quantity scaled to an integer
 * number of 10^-24 units, the result as a fraction compared with cross-multiplication.
 */
function exactConversion(amountMinor: number, from: string, to: string, rateFrom: string, rateTo: string) {
  const scaled = (r: string) => {
    const [i, f = ""] = r.split(".");
    return BigInt(i! + f.padEnd(24, "0"));
  };
  const num = BigInt(amountMinor) * scaled(rateTo) * 10n ** BigInt(minorDigits(to));
  const den = scaled(rateFrom) * 10n ** BigInt(minorDigits(from));
  return { num, den };
}

/** |n - p/q| ≤ 1/2  ⇔  |2(nq - p)| ≤ q */
const withinHalf = (n: bigint, exact: Rational) => {
  const diff = 2n * (n * exact.den - exact.num);
  return (diff < 0n ? -diff : diff) <= exact.den;
};

describe("FX conversion and rounding", () => {
  it("rounds to a whole minor unit within half a unit of exact arithmetic", () => {
    fc.assert(
      fc.property(amount, currency, currency, rate, rate, (a, from, to, rFrom, rTo) => {
        const rates = new Map([[from, rFrom], [to, rTo]]);
        if (from === to) rates.set(from, rFrom);
        const exact = convertExact(a, from, to, rates)!;
        const rounded = roundHalfUp(exact);
        expect(typeof rounded).toBe("bigint");
        const independent = from === to ? { num: BigInt(a), den: 1n } : exactConversion(a, from, to, rFrom, rTo);
        expect(withinHalf(rounded, independent)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("rounds exactly half up, never by float", () => {
    expect(roundHalfUp({ num: 5n, den: 2n })).toBe(3n);
    expect(roundHalfUp({ num: 3n, den: 2n })).toBe(2n);
    expect(roundHalfUp({ num: 149999n, den: 100000n })).toBe(1n);
    // 1.005 is 1.00499999… as a double; as a rational it is exactly half way up.
    expect(roundHalfUp({ num: 1005n, den: 1000n } as Rational)).toBe(1n);
    expect(roundHalfUp({ num: 1005n, den: 10n })).toBe(101n);
  });

  it("uses each currency's ISO minor unit", () => {
    const rates = new Map([["USD", "1"], ["JPY", "151.5"], ["KWD", "0.3075"], ["EUR", "0.92"]]);
    expect(roundHalfUp(convertExact(1999, "USD", "JPY", rates)!)).toBe(3028n); // 19.99 × 151.5 = 3028.485
    expect(roundHalfUp(convertExact(1999, "USD", "KWD", rates)!)).toBe(6147n); // 6.146925 KWD = 6147 fils
    expect(roundHalfUp(convertExact(3028, "JPY", "USD", rates)!)).toBe(1999n);
    expect(convertExact(100, "USD", "XXX", rates)).toBeNull();
  });

  it("rounds once after tax, so the displayed gross is within half a unit of exact net × (1 + rate)", () => {
    fc.assert(
      fc.property(amount, currency, currency, rate, rate, fc.integer({ min: 0, max: 5000 }), (a, from, to, rFrom, rTo, bps) => {
        const rates = new Map([[from, rFrom], [to, from === to ? rFrom : rTo]]);
        const price = localizePrice({
          base: { amount: a, currency: from },
          market: { currency: to, taxInclusive: true, vatBps: bps },
          rates,
          locale: "en",
        });
        const exact = withTax(from === to ? { num: BigInt(a), den: 1n } : exactConversion(a, from, to, rFrom, rTo), bps);
        if (price === null) {
          // only a price JSON could not carry exactly is refused
          expect(roundHalfUp(exact) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
          return;
        }
        expect(Number.isSafeInteger(price.amount)).toBe(true);
        expect(BigInt(price.amount)).toBe(roundHalfUp(exact));
        expect(withinHalf(BigInt(price.amount), exact)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
