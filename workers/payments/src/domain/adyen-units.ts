import { fromProviderValue, toProviderValue, type ProviderUnits } from "./provider-units";

/**
 * Adyen's minor units where they differ from ISO 4217 (docs.adyen.com/development-resources/currency-codes:
 * "for CLP, CVE, IDR and ISK … the decimals in the table on this page are leading"). Unconverted, a CLP
 * charge would be a hundredth of its price and an IDR one a hundred times it.
 */
const ADYEN: ProviderUnits = { digits: { CLP: 2, CVE: 0, IDR: 0, ISK: 2 } };

/** An amount in ISO minor units as Adyen's `value`; null when Adyen has no unit that small (IDR 0.50). */
export const toAdyenValue = (amount: number, currency: string) => toProviderValue(ADYEN, amount, currency);

/** An Adyen `value` (a notification's amount) in ISO minor units; null when it is no whole number of them. */
export const fromAdyenValue = (value: number, currency: string) => fromProviderValue(ADYEN, value, currency);
