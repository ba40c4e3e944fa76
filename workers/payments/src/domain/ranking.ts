import { MARKETS, METHODS, type MethodId, type MethodSpec, type ProviderName } from "./methods-data";

export interface RankedMethod {
  method: MethodId;
  provider: ProviderName;
  displayName: string;
  kind: MethodSpec["kind"];
  share: number;
  source: string;
  minAmount?: number;
  maxAmount?: number;
}

export interface Purchase {
  country: string;
  currency: string;
  /** Minor units; absent when the buyer has not reached a total yet. */
  amount?: number;
}

/** Why a method cannot take a purchase, or null when it can. */
export type Unfit = { code: "method_not_offered" | "currency_not_accepted" | "amount_out_of_range"; message: string } | null;

/** Whether `method` may carry this purchase: offered in the country, takes the currency, amount within its limits. */
export function unfit(method: string, p: Purchase): Unfit {
  const spec = (METHODS as Record<string, MethodSpec>)[method];
  const local = MARKETS[p.country]?.some((e) => e.method === method);
  if (!spec || !local) return { code: "method_not_offered", message: `${method} is not offered in ${p.country}` };
  if (!spec.currencies.includes(p.currency)) return { code: "currency_not_accepted", message: `${method} does not take ${p.currency}` };
  const limit = spec.limits?.[p.currency];
  if (p.amount !== undefined && limit) {
    if (limit.min !== undefined && p.amount < limit.min) return { code: "amount_out_of_range", message: `${method} takes at least ${limit.min} minor units of ${p.currency}` };
    if (limit.max !== undefined && p.amount > limit.max) return { code: "amount_out_of_range", message: `${method} takes at most ${limit.max} minor units of ${p.currency}` };
  }
  return null;
}

/**
 * The methods a buyer can use for this purchase, most used locally first
 * (ties by name, so the order is stable). A method that does not take the
 * currency or whose limits exclude the amount is left out.
 */
export function rankMethods(p: Purchase): RankedMethod[] {
  const entries = MARKETS[p.country] ?? [];
  return entries
    .filter((e) => unfit(e.method, p) === null)
    .sort((a, b) => b.share - a.share || a.method.localeCompare(b.method))
    .map((e) => {
      const spec: MethodSpec = METHODS[e.method];
      const limit = spec.limits?.[p.currency];
      return {
        method: e.method,
        provider: spec.providers[0]!,
        displayName: spec.displayName,
        kind: spec.kind,
        share: e.share,
        source: e.source,
        ...(limit?.min !== undefined ? { minAmount: limit.min } : {}),
        ...(limit?.max !== undefined ? { maxAmount: limit.max } : {}),
      };
    });
}

/**
 * Which of the amount ranges that the country's methods' limits in this currency cut the line into holds
 * `amount` ("any" without one): every amount in one band gets the same `rankMethods` answer, so the band,
 * not the amount, can key a memo of it. The cuts are each `min` and each `max + 1`; the band is how many
 * cuts lie at or below the amount, which differs between two amounts exactly when a cut lies between them.
 */
export function amountBand(p: Purchase): number | "any" {
  if (p.amount === undefined) return "any";
  let band = 0;
  for (const e of MARKETS[p.country] ?? []) {
    const limit = (METHODS[e.method] as MethodSpec).limits?.[p.currency];
    if (limit?.min !== undefined && p.amount >= limit.min) band++;
    if (limit?.max !== undefined && p.amount >= limit.max + 1) band++;
  }
  return band;
}
