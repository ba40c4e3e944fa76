import { DurableObject } from "cloudflare:workers";
import { adyen, adyenServerError } from "./adyen";
import { decide, type Outcome } from "./adyen-notifications";
import { buyerActs, type BuyerOutcome } from "./buyer";
import type { Answer, Charge, IdemRecord, Ledger, SimModification } from "./ledger";
import { NORMAL, parseScenario, type Scenario } from "./scenario";
import { stripe, stripeServerError } from "./stripe";

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How soon Adyen's notification follows its 201 "received", and how soon an undelivered one is sent again. */
const NOTIFY_AFTER_MS = 500;
const RETRY_AFTER_MS = 5000;

/**
 * The simulator's one ledger: charges, idempotency records, Adyen's received
 * modifications and the current scenario in memory (one object, so every
 * caller sees one truth), each write also put to the object's storage before
 * it is answered.
 */
export class SimLedger extends DurableObject<Env> implements Ledger {
  private charges = new Map<string, Charge>();
  private keys = new Map<string, IdemRecord>();
  private mods = new Map<string, SimModification>();
  /** Notifications decided but not yet accepted by the payments webhook (Adyen retries them). */
  private outbox: unknown[] = [];
  private scenario: Scenario = NORMAL;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      for (const [k, v] of await ctx.storage.list<unknown>()) {
        if (k.startsWith("c:")) this.charges.set(k.slice(2), v as Charge);
        else if (k.startsWith("k:")) this.keys.set(k.slice(2), v as IdemRecord);
        else if (k.startsWith("m:")) this.mods.set(k.slice(2), v as SimModification);
        else if (k === "outbox") this.outbox = v as unknown[];
        else if (k === "scenario") this.scenario = v as Scenario;
      }
    });
  }

  charge = (ref: string) => this.charges.get(ref);
  allCharges = () => this.charges.values();
  remembered = (provider: string, key: string) => this.keys.get(`${provider}:${key}`);
  async save(c: Charge) {
    this.charges.set(c.ref, { ...c });
    await this.ctx.storage.put(`c:${c.ref}`, c);
  }
  async remember(provider: string, key: string, r: IdemRecord) {
    this.keys.set(`${provider}:${key}`, r);
    await this.ctx.storage.put(`k:${provider}:${key}`, r);
  }
  modifications = () => this.mods.values();
  async saveModification(m: SimModification) {
    this.mods.set(m.psp, { ...m });
    await this.ctx.storage.put(`m:${m.psp}`, m);
    // On a local stack Adyen's notification follows by itself; tests (no PAYMENTS binding) ask for it instead.
    if (m.status === "received" && this.env.PAYMENTS) await this.ctx.storage.setAlarm(Date.now() + NOTIFY_AFTER_MS);
  }

  /** Decides what Adyen received (done where the payment allows it) and delivers the notifications, as Adyen does. */
  override async alarm() {
    const hook = this.env.PAYMENTS;
    if (!hook) return;
    const pending = [...this.outbox, ...(await decide(this, null, "success", this.env.ADYEN_HMAC_KEY))];
    const undelivered: unknown[] = [];
    for (const body of pending) {
      const res = await hook.fetch("http://payments/v1/payments/webhooks/adyen", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).catch(() => null);
      if (!res?.ok) undelivered.push(body);
    }
    this.outbox = undelivered;
    await this.ctx.storage.put("outbox", undelivered);
    if (undelivered.length) await this.ctx.storage.setAlarm(Date.now() + RETRY_AFTER_MS);
  }

  override async fetch(incoming: Request): Promise<Response> {
    // Read the body whatever the answer will be: a refusal must not leave the caller's stream unread.
    const raw = incoming.method === "GET" ? undefined : await incoming.text();
    const req = new Request(incoming.url, { method: incoming.method, headers: incoming.headers, body: raw });
    const url = new URL(req.url);
    if (url.pathname.startsWith("/_sim/")) return this.control(req, url);
    const provider = url.pathname.startsWith("/v71/") ? "adyen" : "stripe";
    const sc = this.scenario[provider];
    if (sc.latencyMs) await sleep(sc.latencyMs);
    const fresh = !this.remembered(provider, req.headers.get("idempotency-key") ?? "");
    const answer: Answer | null = (await stripe(this, sc, req, url.pathname)) ?? (await adyen(this, sc, req, url.pathname));
    if (!answer) return json(404, { error: "unknown path" });
    // "Timeout with unknown outcome": the charge is recorded, the answer comes after the caller gave up.
    if (sc.mode === "timeout" && fresh && req.method === "POST") await sleep(sc.answerAfterMs ?? 5000);
    // "Server error after the work": this reply is a 500. Stripe saves it as the key's answer, so asking
    // again gets the 500 too (its documented v1 behaviour); Adyen's kept answer is the real one.
    if (sc.mode === "server_error" && fresh && req.method === "POST" && answer.status < 500) {
      const failed = provider === "stripe" ? stripeServerError : adyenServerError;
      const key = req.headers.get("idempotency-key");
      const saved = key ? this.remembered(provider, key) : undefined;
      if (provider === "stripe" && key && saved) await this.remember(provider, key, { ...saved, status: failed.status, body: failed.body });
      return json(failed.status, failed.body);
    }
    return json(answer.status, answer.body);
  }

  /**
   * `PUT /_sim/scenario`, `GET /_sim/scenario`, `POST /_sim/reset`, `GET /_sim/charges?reference=`, and
   * `POST /_sim/buyer?reference=` `{ outcome: "paid" | "abandoned" | "refused" }`: the buyer completes, or abandons,
   * the action a charge of that reference awaits, or fails its 3-D Secure (buyer.ts), however late; and
   * `POST /_sim/adyen/notifications?reference=` `{ outcome }`: Adyen decides what it received for that
   * reference's charges (`success`: done where the payment allows it; `failure`) or fails later the captures
   * and refunds it did (`failed_later`), and answers the signed notifications for the caller to deliver.
   */
  private async control(req: Request, url: URL): Promise<Response> {
    if (url.pathname === "/_sim/adyen/notifications" && req.method === "POST") {
      const { outcome } = ((await req.json().catch(() => null)) ?? {}) as { outcome?: Outcome };
      if (!outcome || !["success", "failure", "failed_later"].includes(outcome)) return json(400, { error: "outcome must be success, failure or failed_later" });
      return json(200, { notifications: await decide(this, url.searchParams.get("reference"), outcome, this.env.ADYEN_HMAC_KEY) });
    }
    if (url.pathname === "/_sim/buyer" && req.method === "POST") {
      const { outcome } = ((await req.json().catch(() => null)) ?? {}) as { outcome?: BuyerOutcome };
      const reference = url.searchParams.get("reference");
      if (!reference) return json(400, { error: "reference is required" });
      if (outcome !== "paid" && outcome !== "abandoned" && outcome !== "refused") return json(400, { error: "outcome must be paid, abandoned or refused" });
      return json(200, await buyerActs(this, reference, outcome, this.env.ADYEN_HMAC_KEY));
    }
    if (url.pathname === "/_sim/scenario" && req.method === "PUT") {
      const parsed = parseScenario(await req.json().catch(() => null));
      if (typeof parsed === "string") return json(400, { error: parsed });
      this.scenario = parsed;
      await this.ctx.storage.put("scenario", parsed);
      return json(200, parsed);
    }
    if (url.pathname === "/_sim/scenario" && req.method === "GET") return json(200, this.scenario);
    if (url.pathname === "/_sim/reset" && req.method === "POST") {
      this.scenario = NORMAL;
      await this.ctx.storage.put("scenario", NORMAL);
      return json(200, this.scenario);
    }
    if (url.pathname === "/_sim/charges" && req.method === "GET") {
      const ref = url.searchParams.get("reference");
      return json(200, { items: [...this.charges.values()].filter((c) => !ref || c.reference === ref) });
    }
    return json(404, { error: "unknown control path" });
  }
}

/** Every call goes to the one ledger object. */
export default {
  fetch(req: Request, env: Env) {
    return env.LEDGER.get(env.LEDGER.idFromName("sim")).fetch(req);
  },
} satisfies ExportedHandler<Env>;
