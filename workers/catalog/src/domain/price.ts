import { formatMoney } from "../../../../shared/money/format";
import type { Money } from "../../../../shared/schemas/common";
import { convertExact, type FxTable } from "./fx";
import { roundHalfUp } from "./rational";
import { withTax } from "./tax";

/** What pricing needs to know about the buyer's market; null when the buyer's country is unknown. */
export interface MarketTerms {
  currency: string;
  taxInclusive: boolean;
  vatBps: number;
}

export interface LocalizedPrice {
  amount: number;
  currency: string;
  formatted: string;
  taxIncluded: boolean;
}

export interface PriceInput {
  /** The listing's net base price. */
  base: Money;
  /** The listing's own net price for the buyer's country, if it has one. */
  override?: Money | null;
  market: MarketTerms | null;
  /** `?currency`, else the market's, else the base price's. */
  currency?: string;
  rates: FxTable;
  locale: string;
}

/**
 * The price a buyer sees: the country's own price when set, else the base
 * price; converted to the display currency at the stored rate; tax added where
 * the market shows prices with tax; rounded ONCE (half up) to the currency's
 * minor unit; formatted in the resolved locale. Null when a rate is missing
 * or the result would not survive JSON exactly (beyond 2^53 minor units).
 */
export function localizePrice(input: PriceInput): LocalizedPrice | null {
  const source = input.override ?? input.base;
  const currency = input.currency ?? input.market?.currency ?? source.currency;
  let exact = convertExact(source.amount, source.currency, currency, input.rates);
  if (!exact) return null;
  const taxIncluded = input.market?.taxInclusive ?? false;
  if (taxIncluded) exact = withTax(exact, input.market!.vatBps);
  const amount = roundHalfUp(exact);
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return { amount: Number(amount), currency, formatted: formatMoney(amount, currency, input.locale), taxIncluded };
}
