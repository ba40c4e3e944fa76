import type { RulesReading } from "../store/routing";

/**
 * Each tenant's routing rules as this isolate last read or wrote them, so an intent create needs no read
 * before its one write batch. Never trusted blindly: the create's INSERT is guarded by `rulesStillAre`, and
 * a guard that fails makes the create read the rules afresh and decide again. Least recently used first
 * out, bounded (rules are ≤ 100 small objects a tenant).
 */
const MAX_TENANTS = 1000;
const memo = new Map<string, RulesReading>();

export function rememberedRules(tenantId: string): RulesReading | undefined {
  const found = memo.get(tenantId);
  if (found) {
    memo.delete(tenantId);
    memo.set(tenantId, found);
  }
  return found;
}

export function rememberRules(tenantId: string, reading: RulesReading): RulesReading {
  memo.delete(tenantId);
  memo.set(tenantId, reading);
  if (memo.size > MAX_TENANTS) memo.delete(memo.keys().next().value!);
  return reading;
}

export const forgetRules = (tenantId: string) => memo.delete(tenantId);
