export * from "./tenants";
export * from "./ip";
export * from "./catalog";
export * from "./idempotency";
export * from "./payments";
export * from "./chat";
