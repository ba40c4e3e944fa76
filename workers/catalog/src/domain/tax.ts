import { mul, type Rational } from "./rational";

/** The gross amount from a net one at a VAT/GST rate in basis points (1900 = 19 %), exactly. */
export function withTax(net: Rational, vatBps: number): Rational {
  return mul(net, { num: BigInt(10_000 + vatBps), den: 10_000n });
}
