import { BoundedLru } from "../../../../shared/memo/lru";
import type { RulesReading } from "../store/routing";

/**
 * Each tenant's routing rules as this isolate last read or wrote them, so an intent create needs no read
 * before its one write batch. Never trusted blindly: the create's INSERT is guarded by `rulesStillAre`, and
 * a guard that fails makes the create read the rules afresh and decide again. Least recently used first
 * out, bounded (rules are ≤ 100 small objects a tenant).
 */
const MAX_TENANTS = 1000;
const memo = new BoundedLru<string, RulesReading>({ maxEntries: MAX_TENANTS });

export const rememberedRules = (tenantId: string): RulesReading | undefined => memo.get(tenantId);

export function rememberRules(tenantId: string, reading: RulesReading): RulesReading {
  memo.set(tenantId, reading);
  return reading;
}

export const forgetRules = (tenantId: string) => memo.delete(tenantId);
