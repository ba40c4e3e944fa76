/**
 * How the gateway hands the authenticated caller to a service. The headers are
 * set only by the gateway, which strips any incoming copy; services have no
 * public route, so nothing outside can reach them with a forged set.
 */
export const INTERNAL_HEADER_PREFIX = "x-ecp-";
export const TENANT_HEADER = "x-ecp-tenant";
export const KEY_KIND_HEADER = "x-ecp-key-kind";
export const ADMIN_HEADER = "x-ecp-admin";
export const COUNTRY_HEADER = "x-ecp-country";
export const LOCATION_HEADER = "x-ecp-location";
/** Set instead of a body the gateway would not carry (its limit in bytes), for a page to refuse in its own words. */
export const BODY_TOO_LARGE_HEADER = "x-ecp-body-too-large";

/** `secret` keys may do anything to their tenant's data; `publishable` keys only read public endpoints. */
export type KeyKind = "secret" | "publishable";

export interface Caller {
  tenantId: string;
  keyKind: KeyKind;
}

/** Variables every service app carries on its Hono context. */
export interface ServiceVariables {
  caller: Caller;
  requestId: string;
}
