import { createRoute, z } from "@hono/zod-openapi";
import { conflict, notFound, ProblemError } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { commitIdempotent, idempotencyHeaders, idempotent } from "../../../../shared/idempotency/middleware";
import { problemResponses } from "../../../../shared/schemas/common";
import { checkMove, nextMoves, renderBlocker, STAGE_DUE_DAYS, type CaseFacts, type Stage } from "../domain/case-process";
import { addDays, today } from "../domain/dates";
import { letterLanguage, LETTER_LANGUAGES, renderLetter, type LetterFacts } from "../domain/letters";
import { complaintPacket } from "../domain/packet";
import type { Asset } from "../schemas/assets";
import { AdvanceSchema, AttachSchema, CaseInputSchema, CaseSchema } from "../schemas/cases";
import { idParam } from "../schemas/common";
import { getAsset } from "../store/assets";
import { attachEvidence, caseMove, changedSince, getCase, newCase, type CaseEvent, type CaseRow } from "../store/cases";
import { db, type Db } from "../store/db";
import { evidenceByIds, head } from "../store/ledger";
import { evidenceCaughtUp } from "../ledger-sync";
import type { IpApp } from "./app";

/** A case's evidence is cited in its letter and packet: bounded, so one case cannot grow without end. */
export const MAX_CASE_EVIDENCE = 500;

const dueFrom = (stage: Stage, now: Date) => (STAGE_DUE_DAYS[stage] === undefined ? null : addDays(today(now), STAGE_DUE_DAYS[stage]!));

/** The tenant's evidence ids, or a 404 naming the first that is not its own. */
async function ownEvidence(env: Env, d: Db, tenantId: string, ids: string[]): Promise<void> {
  const found = new Set((await evidenceCaughtUp(env, d, tenantId, ids)).map((e) => e.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw notFound(`Evidence ${missing}`);
}

/** The case's evidence with `more` added, or a 409 when that would cite more than `MAX_CASE_EVIDENCE` (attaching and advancing alike). */
function withEvidence(row: CaseRow, more: readonly string[]): string[] {
  const all = [...new Set([...row.evidenceIds, ...more])];
  if (all.length > MAX_CASE_EVIDENCE) throw conflict("case_evidence_full", `A case cites at most ${MAX_CASE_EVIDENCE} evidence items; this one has ${row.evidenceIds.length}.`);
  return all;
}

/** A case with what its rules need: the right it enforces and its history. */
async function load(d: Db, tenantId: string, id: string) {
  const found = await getCase(d, tenantId, id);
  if (!found) throw notFound(`Case ${id}`);
  const asset = await getAsset(d, tenantId, found.row.assetId);
  if (!asset) throw notFound(`Asset ${found.row.assetId}`);
  return { ...found, asset };
}

function factsOf(row: CaseRow, events: CaseEvent[], asset: Pick<Asset, "registrationNumber" | "status" | "ownership">): CaseFacts {
  return {
    stage: row.stage as Stage,
    evidenceCount: row.evidenceIds.length,
    infringer: row.infringer,
    right: { registrationNumber: asset.registrationNumber, status: asset.status, ownership: asset.ownership.status },
    history: events.map((e) => e.toStage as Stage),
  };
}

/** A loaded case as the API shows it: its timeline and the moves the process allows next. */
function view({ row, events, asset }: Awaited<ReturnType<typeof load>>) {
  const { tenantId: _t, version: _v, ...rest } = row;
  return {
    ...rest,
    stage: row.stage as Stage,
    timeline: events.map((e) => ({ from: e.fromStage, to: e.toStage, note: e.note, at: e.at })),
    nextMoves: nextMoves(factsOf(row, events, asset)),
  };
}

/** What the letter and the packet cite: the right, the evidence hashes and the ledger head. */
async function letterFacts(d: Db, tenantId: string, c: Awaited<ReturnType<typeof load>>, now: Date): Promise<LetterFacts> {
  const blocker = renderBlocker(factsOf(c.row, c.events, c.asset));
  if (blocker) throw conflict("case_not_ready", `The case cannot cite its right and evidence yet: ${blocker}.`);
  const [evidence, h] = await Promise.all([evidenceByIds(d, tenantId, c.row.evidenceIds), head(d, tenantId)]);
  return {
    date: today(now),
    infringer: c.row.infringer.name ?? "",
    owner: c.asset.owner,
    mark: c.asset.name,
    rightKind: c.asset.kind.replace(/_/g, " "),
    jurisdiction: c.asset.jurisdiction,
    registrationNumber: c.asset.registrationNumber!,
    listingUrl: c.row.infringer.listingUrl,
    platform: c.row.infringer.platform,
    evidence: evidence.sort((a, b) => a.leafIndex - b.leafIndex).map((e) => ({ sha256: e.sha256, leafHash: e.leafHash, index: e.leafIndex, url: e.url, capturedAt: e.capturedAt })),
    ledger: h,
    replyBy: addDays(today(now), STAGE_DUE_DAYS.warning_letter!),
  };
}

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
/** A JSON body, and the optional `Idempotency-Key` every creating or moving POST here honours. */
const body = <T extends z.ZodTypeAny>(schema: T) => ({ headers: idempotencyHeaders(false), body: { required: true, content: { "application/json": { schema } } } });
const writing = () => [requireCaller(), idempotent()];

const routes = {
  create: createRoute({ method: "post", path: "/v1/ip/cases", operationId: "createCase", tags: ["IP"], summary: "Open an enforcement case", middleware: writing(), request: body(CaseInputSchema), responses: { 201: json(CaseSchema, "Opened"), ...problemResponses(400, 401, 403, 404, 409) } }),
  get: createRoute({ method: "get", path: "/v1/ip/cases/{id}", operationId: "getCase", tags: ["IP"], summary: "A case with its timeline and next moves", middleware: [requireCaller()], request: { params: idParam("case") }, responses: { 200: json(CaseSchema, "The case"), ...problemResponses(401, 403, 404) } }),
  advance: createRoute({ method: "post", path: "/v1/ip/cases/{id}/advance", operationId: "advanceCase", tags: ["IP"], summary: "Move a case to another stage; refused (409) when the process forbids it", middleware: writing(), request: { params: idParam("case"), ...body(AdvanceSchema) }, responses: { 200: json(CaseSchema, "Moved"), ...problemResponses(400, 401, 403, 404, 409) } }),
  attach: createRoute({ method: "post", path: "/v1/ip/cases/{id}/evidence", operationId: "attachCaseEvidence", tags: ["IP"], summary: "Attach ledger evidence to a case", middleware: writing(), request: { params: idParam("case"), ...body(AttachSchema) }, responses: { 200: json(CaseSchema, "Attached"), ...problemResponses(400, 401, 403, 404, 409) } }),
  letter: createRoute({
    method: "get",
    path: "/v1/ip/cases/{id}/letter",
    operationId: "getCaseLetter",
    tags: ["IP"],
    summary: "The case's warning letter, in the infringer's language where a template exists",
    middleware: [requireCaller()],
    request: { params: idParam("case"), query: z.object({ lang: z.enum(LETTER_LANGUAGES as [string, ...string[]]).optional() }) },
    responses: { 200: json(z.object({ language: z.string(), subject: z.string(), body: z.string() }), "Rendered letter"), ...problemResponses(400, 401, 403, 404, 409) },
  }),
  packet: createRoute({ method: "get", path: "/v1/ip/cases/{id}/packet", operationId: "getCasePacket", tags: ["IP"], summary: "The platform-complaint packet for a marketplace's brand-protection form", middleware: [requireCaller()], request: { params: idParam("case") }, responses: { 200: json(z.record(z.string(), z.unknown()), "Packet"), ...problemResponses(401, 403, 404, 409) } }),
};

export function registerCases(app: IpApp) {
  app.openapi(routes.create, async (c) => {
    const tenantId = c.get("caller").tenantId;
    const input = c.req.valid("json");
    const d = db(c.env.DB);
    const asset = await getAsset(d, tenantId, input.assetId);
    if (!asset) throw notFound(`Asset ${input.assetId}`);
    const evidenceIds = input.evidenceIds ?? [];
    await ownEvidence(c.env, d, tenantId, evidenceIds);
    const now = new Date();
    const infringer = Object.fromEntries(Object.entries(input.infringer).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const { row, event, writes } = newCase(d, { tenantId, assetId: input.assetId, infringer, evidenceIds, nextDueAt: dueFrom("evidence", now) }, input.note, now);
    // The answer is stored with the case in one batch: no step after the write can fail and free the key for a second case.
    const res = c.json(view({ row, events: [event], asset }), 201);
    return (await commitIdempotent(c, d, writes, res)).response as typeof res;
  });

  app.openapi(routes.get, async (c) => {
    const loaded = await load(db(c.env.DB), c.get("caller").tenantId, c.req.valid("param").id);
    return c.json(view(loaded), 200);
  });

  app.openapi(routes.advance, async (c) => {
    const tenantId = c.get("caller").tenantId;
    const { to, note, evidenceIds: more = [] } = c.req.valid("json");
    const d = db(c.env.DB);
    const loaded = await load(d, tenantId, c.req.valid("param").id);
    const evidenceIds = withEvidence(loaded.row, more);
    await ownEvidence(c.env, d, tenantId, more);
    const facts = factsOf({ ...loaded.row, evidenceIds }, loaded.events, loaded.asset);
    const check = checkMove(facts, to);
    if (!check.allowed) throw conflict("move_not_allowed", `${check.reason[0]!.toUpperCase()}${check.reason.slice(1)}.`);
    const now = new Date();
    const { row, event, writes } = caseMove(d, loaded.row, to, evidenceIds, dueFrom(to, now), note, now);
    // The answer is stored with the move in one batch: no read after the write can fail and free the key,
    // which left the retry a 409 ("already at …") stored for a move that had happened.
    const res = c.json(view({ row, events: [...loaded.events, event], asset: loaded.asset }), 200);
    try {
      return (await commitIdempotent(c, d, writes, res)).response as typeof res;
    } catch (err) {
      if (await changedSince(d, loaded.row)) throw conflict("case_changed", "The case changed while this move was made; reload it and try again.");
      throw err;
    }
  });

  app.openapi(routes.attach, async (c) => {
    const tenantId = c.get("caller").tenantId;
    const d = db(c.env.DB);
    const loaded = await load(d, tenantId, c.req.valid("param").id);
    if (["resolved", "closed"].includes(loaded.row.stage)) throw conflict("case_finished", `The case is ${loaded.row.stage}; evidence can no longer be attached.`);
    const { evidenceIds } = c.req.valid("json");
    const all = withEvidence(loaded.row, evidenceIds);
    await ownEvidence(c.env, d, tenantId, evidenceIds);
    if (!(await attachEvidence(d, loaded.row, all, new Date()))) {
      throw conflict("case_changed", "The case changed meanwhile; reload it and try again.");
    }
    const after = await load(d, tenantId, loaded.row.id);
    return c.json(view(after), 200);
  });

  app.openapi(routes.letter, async (c) => {
    const tenantId = c.get("caller").tenantId;
    const d = db(c.env.DB);
    const loaded = await load(d, tenantId, c.req.valid("param").id);
    const facts = await letterFacts(d, tenantId, loaded, new Date());
    return c.json(renderLetter(facts, c.req.valid("query").lang ?? letterLanguage(loaded.row.infringer.language)), 200);
  });

  app.openapi(routes.packet, async (c) => {
    const tenantId = c.get("caller").tenantId;
    const d = db(c.env.DB);
    const loaded = await load(d, tenantId, c.req.valid("param").id);
    const facts = await letterFacts(d, tenantId, loaded, new Date());
    if (!loaded.row.infringer.platform || !loaded.row.infringer.listingUrl) {
      throw new ProblemError(409, "case_not_ready", "A platform packet needs the infringer's platform and listing URL.");
    }
    const { storeName, country } = loaded.row.infringer;
    return c.json(complaintPacket({ ...facts, caseId: loaded.row.id, niceClasses: loaded.asset.niceClasses, infringerStore: storeName, infringerCountry: country }), 200);
  });
}
