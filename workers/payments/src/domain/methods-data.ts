/**
 * Payment methods as data: what each method takes, who offers it, and which
 * methods locals use in each market with their share.
 *
 * Shares are the method's approximate share of e-commerce transaction value in
 * that country, rounded to whole percent, from the Worldpay Global Payments
 * Report 2024 (GPR) unless the entry's source names a more specific
 * publication. They rank methods; they are not exact statistics. Limits are in
 * minor units of the currency they are keyed by (ISO 4217 digits).
 */
export type ProviderName = "stripe" | "adyen";
export const PROVIDERS: readonly ProviderName[] = ["stripe", "adyen"];

export type MethodKind = "card" | "wallet" | "bank" | "bnpl";

export interface MethodSpec {
  displayName: string;
  kind: MethodKind;
  /** Currencies the method settles in. */
  currencies: readonly string[];
  /** Per-currency amount limits in minor units; a currency not listed has none. */
  limits?: Readonly<Record<string, { min?: number; max?: number }>>;
  /** Providers with a connector here that offer it (Stripe and Adyen payment-method pages). */
  providers: readonly ProviderName[];
  /**
   * The buyer is sent away to their bank's, wallet's or lender's page (or app) and back, at a provider here that
   * offers it (a chain may fall back to any of them): a confirm needs the `returnUrl` to send them back to. From the
   * providers' method pages: Stripe answers these `redirect_to_url` (Alipay `alipay_handle_redirect`, Swish a redirect
   * or QR code), Adyen `action.type` redirect (Swish and GoPay a QR code on desktop). Methods shown as a QR code or a
   * voucher (Pix, PromptPay, PayNow, WeChat Pay, boleto, OXXO, Konbini), paid by a code or a mandate (BLIK, SEPA, UPI)
   * or by card need none, though a card's 3-D Secure may redirect: a `returnUrl` is then used when given.
   */
  redirects?: true;
}

const CARD_CCY = ["USD", "CAD", "MXN", "BRL", "ARS", "CLP", "COP", "EUR", "GBP", "CHF", "SEK", "PLN", "SAR", "AED", "KWD", "BHD", "ILS", "TRY", "JPY", "CNY", "HKD", "TWD", "KRW", "SGD", "INR", "IDR", "AUD", "NZD", "MYR", "THB", "PHP"] as const;
const BOTH: ProviderName[] = ["adyen", "stripe"];

export const METHODS = {
  card_visa: { displayName: "Visa", kind: "card", currencies: CARD_CCY, providers: BOTH },
  card_mastercard: { displayName: "Mastercard", kind: "card", currencies: CARD_CCY, providers: BOTH },
  card_amex: { displayName: "American Express", kind: "card", currencies: CARD_CCY, providers: BOTH },
  card_jcb: { displayName: "JCB", kind: "card", currencies: ["JPY", "USD", "TWD", "HKD", "KRW", "SGD"], providers: BOTH },
  card_unionpay: { displayName: "UnionPay", kind: "card", currencies: ["CNY", "HKD", "USD", "SGD"], providers: BOTH },
  card_cb: { displayName: "Cartes Bancaires", kind: "card", currencies: ["EUR"], providers: BOTH },
  mada: { displayName: "mada", kind: "bank", currencies: ["SAR"], providers: ["adyen"] },
  knet: { displayName: "KNET", kind: "bank", currencies: ["KWD"], providers: ["adyen"], redirects: true },
  benefit: { displayName: "BenefitPay", kind: "bank", currencies: ["BHD"], providers: ["adyen"], redirects: true },
  apple_pay: { displayName: "Apple Pay", kind: "wallet", currencies: CARD_CCY, providers: BOTH },
  google_pay: { displayName: "Google Pay", kind: "wallet", currencies: CARD_CCY, providers: BOTH },
  paypal: { displayName: "PayPal", kind: "wallet", currencies: ["USD", "EUR", "GBP", "CAD", "AUD", "PLN", "CHF", "SEK", "ILS", "MXN", "BRL"], providers: ["adyen"], redirects: true },
  alipay: { displayName: "Alipay", kind: "wallet", currencies: ["CNY", "HKD", "USD", "EUR"], providers: BOTH, redirects: true },
  wechat_pay: { displayName: "WeChat Pay", kind: "wallet", currencies: ["CNY", "HKD", "USD", "EUR"], providers: BOTH },
  paypay: { displayName: "PayPay", kind: "wallet", currencies: ["JPY"], limits: { JPY: { min: 1, max: 1_000_000 } }, providers: ["adyen"], redirects: true },
  gcash: { displayName: "GCash", kind: "wallet", currencies: ["PHP"], providers: ["adyen"], redirects: true },
  grabpay: { displayName: "GrabPay", kind: "wallet", currencies: ["SGD", "MYR", "PHP"], providers: BOTH, redirects: true },
  kakaopay: { displayName: "KakaoPay", kind: "wallet", currencies: ["KRW"], providers: ["adyen"], redirects: true },
  twint: { displayName: "TWINT", kind: "wallet", currencies: ["CHF"], limits: { CHF: { max: 500_000 } }, providers: BOTH, redirects: true },
  swish: { displayName: "Swish", kind: "wallet", currencies: ["SEK"], providers: BOTH, redirects: true },
  gopay: { displayName: "GoPay", kind: "wallet", currencies: ["IDR"], providers: ["adyen"], redirects: true },
  ideal: { displayName: "iDEAL", kind: "bank", currencies: ["EUR"], limits: { EUR: { min: 1, max: 5_000_000 } }, providers: BOTH, redirects: true },
  bancontact: { displayName: "Bancontact", kind: "bank", currencies: ["EUR"], providers: BOTH, redirects: true },
  eps: { displayName: "eps-Überweisung", kind: "bank", currencies: ["EUR"], limits: { EUR: { min: 100 } }, providers: BOTH, redirects: true },
  blik: { displayName: "BLIK", kind: "bank", currencies: ["PLN"], limits: { PLN: { min: 1, max: 5_000_000 } }, providers: BOTH },
  sepa_debit: { displayName: "SEPA Direct Debit", kind: "bank", currencies: ["EUR"], providers: BOTH },
  pix: { displayName: "Pix", kind: "bank", currencies: ["BRL"], limits: { BRL: { min: 1 } }, providers: BOTH },
  boleto: { displayName: "Boleto Bancário", kind: "bank", currencies: ["BRL"], limits: { BRL: { min: 500, max: 4_999_999_999 } }, providers: BOTH },
  oxxo: { displayName: "OXXO", kind: "bank", currencies: ["MXN"], limits: { MXN: { min: 1_000, max: 1_000_000 } }, providers: BOTH },
  spei: { displayName: "SPEI", kind: "bank", currencies: ["MXN"], providers: ["stripe"] },
  upi: { displayName: "UPI", kind: "bank", currencies: ["INR"], limits: { INR: { min: 100, max: 10_000_000 } }, providers: ["adyen"] },
  promptpay: { displayName: "PromptPay", kind: "bank", currencies: ["THB"], providers: BOTH },
  paynow: { displayName: "PayNow", kind: "bank", currencies: ["SGD"], providers: BOTH },
  fpx: { displayName: "FPX", kind: "bank", currencies: ["MYR"], limits: { MYR: { min: 100, max: 3_000_000 } }, providers: BOTH, redirects: true },
  konbini: { displayName: "Konbini", kind: "bank", currencies: ["JPY"], limits: { JPY: { min: 120, max: 300_000 } }, providers: BOTH },
  klarna: { displayName: "Klarna", kind: "bnpl", currencies: ["EUR", "GBP", "SEK", "USD", "CHF", "PLN", "AUD", "NZD", "CAD"], providers: BOTH, redirects: true },
  afterpay: { displayName: "Afterpay", kind: "bnpl", currencies: ["AUD", "NZD", "USD", "CAD", "GBP"], limits: { AUD: { min: 100, max: 200_000 }, NZD: { min: 100, max: 200_000 }, USD: { min: 100, max: 400_000 } }, providers: BOTH, redirects: true },
  tabby: { displayName: "Tabby", kind: "bnpl", currencies: ["SAR", "AED", "KWD", "BHD"], providers: ["adyen"], redirects: true },
} as const satisfies Record<string, MethodSpec>;

export type MethodId = keyof typeof METHODS;

/** One method's place in a market: its share (percent of e-commerce value) and where that figure comes from. */
export interface MarketMethod {
  method: MethodId;
  share: number;
  source: string;
}

const GPR = "Worldpay Global Payments Report 2024";
const m = (source: string, ...entries: [MethodId, number][]): MarketMethod[] =>
  entries.map(([method, share]) => ({ method, share, source }));
const cards = (visa: number, mc: number, amex = 0): [MethodId, number][] =>
  [["card_visa", visa], ["card_mastercard", mc], ...(amex ? [["card_amex", amex] as [MethodId, number]] : [])];

/** Methods in local use per market (the catalog's 34 markets plus TH, MY, PH). */
export const MARKETS: Readonly<Record<string, readonly MarketMethod[]>> = {
  US: m(GPR, ...cards(30, 17, 9), ["apple_pay", 12], ["paypal", 10], ["google_pay", 4], ["klarna", 3], ["afterpay", 2]),
  CA: m(GPR, ...cards(30, 22, 6), ["apple_pay", 10], ["paypal", 9], ["google_pay", 3], ["klarna", 2], ["afterpay", 1]),
  MX: [...m(GPR, ...cards(20, 14), ["paypal", 8], ["apple_pay", 3]), ...m("Banxico, Indicadores SPEI 2024; " + GPR, ["spei", 14], ["oxxo", 12])],
  BR: [...m("Banco Central do Brasil, Estatísticas do Pix 2024; " + GPR, ["pix", 40]), ...m(GPR, ...cards(16, 14), ["boleto", 6], ["apple_pay", 3], ["google_pay", 3])],
  AR: m(GPR, ...cards(28, 20, 4), ["google_pay", 2]),
  CL: m(GPR, ...cards(30, 20, 3), ["google_pay", 3]),
  CO: m(GPR, ...cards(27, 20, 3), ["google_pay", 2]),
  DE: m(GPR, ["paypal", 27], ["klarna", 18], ["sepa_debit", 10], ...cards(9, 7), ["apple_pay", 5], ["google_pay", 2]),
  FR: m(GPR, ["card_cb", 38], ...cards(10, 8), ["paypal", 14], ["apple_pay", 6], ["sepa_debit", 4], ["klarna", 2]),
  ES: m(GPR, ...cards(28, 18), ["paypal", 12], ["apple_pay", 7], ["google_pay", 5], ["klarna", 2]),
  IT: m(GPR, ...cards(26, 18), ["paypal", 20], ["apple_pay", 6], ["google_pay", 3], ["klarna", 2]),
  NL: [...m("De Nederlandsche Bank / Betaalvereniging Nederland, iDEAL 2024; " + GPR, ["ideal", 70]), ...m(GPR, ["klarna", 8], ["paypal", 6], ...cards(4, 3), ["apple_pay", 2], ["bancontact", 1])],
  // Kinds' shares as published; the split of a kind among its methods is ours.
  AT: m("PPRO, Austria payments primer (2022): cards 39 %, wallets 26 %, bank transfer 23 %", ...cards(22, 14, 3), ["paypal", 20], ["eps", 14], ["klarna", 9], ["apple_pay", 4], ["google_pay", 2]),
  BE: m("8b, Belgium e-commerce payment methods (2025): debit 31 % (Bancontact), wallets 18 %, credit 15 %, buy now pay later 13 %", ["bancontact", 31], ["paypal", 14], ...cards(9, 5, 1), ["klarna", 13], ["apple_pay", 3], ["google_pay", 1]),
  GB: m(GPR, ...cards(26, 14, 3), ["apple_pay", 13], ["paypal", 12], ["google_pay", 5], ["klarna", 5], ["afterpay", 1]),
  CH: [...m("Swiss National Bank Payment Methods Survey 2024; " + GPR, ["twint", 25]), ...m(GPR, ...cards(20, 16), ["paypal", 10], ["apple_pay", 6], ["klarna", 3])],
  SE: [...m("Sveriges Riksbank, Payments Report 2024; " + GPR, ["swish", 20], ["klarna", 22]), ...m(GPR, ...cards(16, 12), ["apple_pay", 5], ["paypal", 3])],
  PL: [...m("Narodowy Bank Polski, Payment System Report 2024; " + GPR, ["blik", 63]), ...m(GPR, ...cards(8, 7), ["paypal", 4], ["google_pay", 3], ["klarna", 1])],
  SA: [...m("Saudi Central Bank (SAMA), mada statistics 2024; " + GPR, ["mada", 42]), ...m(GPR, ...cards(14, 10), ["apple_pay", 18], ["tabby", 6])],
  AE: m(GPR, ...cards(26, 19, 4), ["apple_pay", 20], ["tabby", 6], ["google_pay", 3], ["paypal", 2]),
  KW: [...m("Central Bank of Kuwait / K-Net statistics 2024; " + GPR, ["knet", 55]), ...m(GPR, ...cards(12, 8), ["apple_pay", 10], ["tabby", 4])],
  BH: [...m("Central Bank of Bahrain, BenefitPay 2024; " + GPR, ["benefit", 35]), ...m(GPR, ...cards(22, 14), ["apple_pay", 12], ["tabby", 3])],
  IL: m(GPR, ...cards(36, 24, 4), ["paypal", 9], ["apple_pay", 5], ["google_pay", 4]),
  TR: m(GPR, ...cards(38, 34, 2), ["google_pay", 2], ["apple_pay", 2]),
  JP: [...m(GPR, ...cards(24, 12, 3), ["card_jcb", 8], ["konbini", 8], ["apple_pay", 5]), ...m("PayPay Corporation user figures 2024; " + GPR, ["paypay", 10])],
  CN: m(GPR, ["alipay", 48], ["wechat_pay", 33], ["card_unionpay", 10], ["apple_pay", 1]),
  HK: m(GPR, ...cards(20, 14, 4), ["alipay", 14], ["apple_pay", 12], ["wechat_pay", 6], ["card_unionpay", 4]),
  TW: m(GPR, ...cards(34, 20), ["card_jcb", 8], ["apple_pay", 7], ["google_pay", 2]),
  KR: m(GPR, ...cards(30, 22), ["kakaopay", 22], ["apple_pay", 2]),
  SG: [...m("Monetary Authority of Singapore, PayNow statistics 2024; " + GPR, ["paynow", 12]), ...m(GPR, ...cards(26, 16, 3), ["apple_pay", 12], ["grabpay", 8], ["google_pay", 4], ["alipay", 2])],
  IN: [...m("NPCI UPI product statistics 2024; " + GPR, ["upi", 52]), ...m(GPR, ...cards(10, 7), ["google_pay", 2])],
  ID: m(GPR, ["gopay", 20], ...cards(12, 8), ["google_pay", 2]),
  AU: m(GPR, ...cards(26, 16, 3), ["apple_pay", 14], ["paypal", 10], ["afterpay", 7], ["google_pay", 5], ["klarna", 2]),
  NZ: m(GPR, ...cards(30, 18, 2), ["apple_pay", 10], ["paypal", 8], ["afterpay", 6], ["google_pay", 4]),
  TH: [...m("Bank of Thailand, PromptPay statistics 2024; " + GPR, ["promptpay", 45]), ...m(GPR, ...cards(14, 10), ["apple_pay", 3])],
  MY: [...m("Bank Negara Malaysia, FPX statistics 2024; " + GPR, ["fpx", 30]), ...m(GPR, ["grabpay", 12], ...cards(16, 10), ["apple_pay", 3])],
  PH: m(GPR, ["gcash", 42], ["grabpay", 8], ...cards(14, 10)),
};
