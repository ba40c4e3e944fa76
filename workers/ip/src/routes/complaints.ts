import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { catalogRpc } from "../../../../shared/rpc/catalog";
import { conflict, InvalidInput, notFound, type ProblemError } from "../../../../shared/http/problem";
import { requireCaller } from "../../../../shared/http/service";
import { commitIdempotent, idempotencyHeaders, idempotent } from "../../../../shared/idempotency/middleware";
import { newId } from "../../../../shared/ids";
import { problemResponses } from "../../../../shared/schemas/common";
import { complaintHoldSource, COUNTER_NOTICE_WINDOW_DAYS, counterNoticeProblem, courtActionRefusal, RESPONSE_DAYS } from "../domain/complaints";
import { addDays, today } from "../domain/dates";
import { idParam } from "../schemas/common";
import { ComplaintInputSchema, ComplaintResponseSchema, ComplaintSchema, CourtActionInputSchema } from "../schemas/complaints";
import { answerComplaint, getComplaint, newComplaint, recordCourtAction, unrecordedComplaints, type ComplaintEvent, type ComplaintMove, type ComplaintRow } from "../store/complaints";
import { db, type Db } from "../store/db";
import { evidenceCaughtUp } from "../ledger-sync";
import type { IpApp } from "./app";

/** The held listing's status as recorded when the complaint came in. */
export const listingOf = (row: Pick<ComplaintRow, "complaint">) => ({ status: (row.complaint.listingStatus as string | undefined) ?? null });

function view(row: ComplaintRow, events: ComplaintEvent[]) {
  const { tenantId: _t, ...rest } = row;
  return {
    ...rest,
    listing: listingOf(row),
    history: events.map((e) => ({ status: e.status, note: e.note, at: e.at })),
  };
}

/**
 * Commits a complaint's move with the answer `res` in one batch (commitIdempotent), as cases.ts does for
 * `advance`: nothing read after the write can fail and free the Idempotency-Key, which left the retry a 409
 * stored for a move that had happened. When D1 failed a batch it did commit (this move's event is there), answers
 * `res`, as a retry would replay it; when D1 refused the move (the complaint moved on meanwhile, or its window
 * closed by D1's date), answers `refused` of the complaint as it now stands; any other failure stands.
 */
async function commitMove(c: Context, d: Db, move: Pick<ComplaintMove, "writes" | "recheck">, res: Response, refused: (now: { status: string; dueAt: string }) => ProblemError) {
  try {
    return (await commitIdempotent(c, d, move.writes, res)).response;
  } catch (err) {
    const now = await move.recheck();
    if (now?.landed) return res;
    if (now && !now.allowed) throw refused(now);
    throw err;
  }
}

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

const create = createRoute({
  method: "post",
  path: "/v1/ip/complaints",
  operationId: "createComplaint",
  tags: ["IP"],
  summary: "Record a complaint received against one of the tenant's listings; the listing is held at once",
  middleware: [requireCaller(), idempotent()] as const,
  request: { headers: idempotencyHeaders(false), body: { required: true, content: { "application/json": { schema: ComplaintInputSchema } } } },
  responses: { 201: json(ComplaintSchema, "Recorded; listing held"), ...problemResponses(400, 401, 403, 404, 409) },
});

const get = createRoute({
  method: "get",
  path: "/v1/ip/complaints/{id}",
  operationId: "getComplaint",
  tags: ["IP"],
  summary: "A complaint with its deadline and status history",
  middleware: [requireCaller()],
  request: { params: idParam("cmp") },
  responses: { 200: json(ComplaintSchema, "The complaint"), ...problemResponses(401, 403, 404) },
});

const respond = createRoute({
  method: "post",
  path: "/v1/ip/complaints/{id}/response",
  operationId: "respondToComplaint",
  tags: ["IP"],
  summary: "Accept a complaint (the listing stays down) or file a counter-notice on a recognised ground with ledger evidence",
  middleware: [requireCaller(), idempotent()] as const,
  request: { params: idParam("cmp"), headers: idempotencyHeaders(false), body: { required: true, content: { "application/json": { schema: ComplaintResponseSchema } } } },
  responses: { 200: json(ComplaintSchema, "Answered"), ...problemResponses(400, 401, 403, 404, 409, 422) },
});

const courtAction = createRoute({
  method: "post",
  path: "/v1/ip/complaints/{id}/court-action",
  operationId: "recordComplaintCourtAction",
  tags: ["IP"],
  summary: "Record that the complainant went to court over a counter-notice, by its due date: the listing stays held and is not restored",
  middleware: [requireCaller(), idempotent()] as const,
  request: { params: idParam("cmp"), headers: idempotencyHeaders(false), body: { required: true, content: { "application/json": { schema: CourtActionInputSchema } } } },
  responses: { 200: json(ComplaintSchema, "Recorded; the listing stays held"), ...problemResponses(400, 401, 403, 404, 409) },
});

export function registerComplaints(app: IpApp) {
  app.openapi(create, async (c) => {
    const tenantId = c.get("caller").tenantId;
    const input = c.req.valid("json");
    const id = newId("cmp");
    // Hold first: a complaint must take the listing down at once, and a listing that is not the tenant's is a 404 with nothing written.
    // The hold is the complaint's own (`complaint:<id>`): a clean re-clearance or another complaint's release leaves it in place.
    const source = complaintHoldSource(id);
    const held = await catalogRpc(c.env.CATALOG).hold(tenantId, input.listingId, `IP complaint ${id} by ${input.complainant.name}: ${input.right.mark} (${input.right.jurisdiction} ${input.right.registrationNumber})`, source);
    if (!held) throw notFound(`Listing ${input.listingId}`);
    const now = new Date();
    const row: ComplaintRow = {
      id,
      tenantId,
      listingId: input.listingId,
      status: "open",
      complaint: { ...input, listingStatus: held.status },
      response: null,
      courtAction: null,
      dueAt: addDays(today(now), RESPONSE_DAYS),
      receivedAt: now.toISOString(),
    };
    const d = db(c.env.DB);
    const { event, writes } = newComplaint(d, row, `listing ${held.status}`);
    const res = c.json(view(row, [event]), 201);
    try {
      // The answer is stored with the complaint in one batch: no step after the write can free the key for a second complaint and hold.
      const committed = await commitIdempotent(c, d, writes, res);
      // A duplicate that got there first answers instead (nothing of ours written): our hold goes too.
      if (committed.results === null) await catalogRpc(c.env.CATALOG).release(tenantId, input.listingId, `complaint ${id} was a duplicate`, source);
      return committed.response as typeof res;
    } catch (err) {
      // D1 can fail a batch it did commit ("Network connection lost"): then the complaint and the answer a retry
      // replays stand, and so must its hold. Only a complaint that is not there gives its hold back; when even
      // that cannot be read, the hold stays for the orphan sweep (complaint-cron.ts), which asks the same.
      const absent = await unrecordedComplaints(d, [id]).then((ids) => ids.length === 1, () => false);
      if (absent) await catalogRpc(c.env.CATALOG).release(tenantId, input.listingId, `complaint ${id} could not be recorded`, source);
      throw err;
    }
  });

  app.openapi(get, async (c) => {
    const found = await getComplaint(db(c.env.DB), c.get("caller").tenantId, c.req.valid("param").id);
    if (!found) throw notFound(`Complaint ${c.req.valid("param").id}`);
    return c.json(view(found.row, found.events), 200);
  });

  app.openapi(respond, async (c) => {
    const tenantId = c.get("caller").tenantId;
    const d = db(c.env.DB);
    const found = await getComplaint(d, tenantId, c.req.valid("param").id);
    if (!found) throw notFound(`Complaint ${c.req.valid("param").id}`);
    const answered = ({ status }: { status: string }) => conflict("complaint_answered", `This complaint was already answered (${status}); it takes one answer.`);
    const lapsed = ({ dueAt }: { dueAt: string }) =>
      conflict("answer_window_closed", `A counter-notice was due by ${dueAt} (UTC) and that day has passed; the complaint can still be accepted.`);
    if (found.row.status !== "open") throw answered(found.row);
    const r = c.req.valid("json");
    const now = new Date();
    let dueAt = found.row.dueAt;
    let note = "complaint accepted; listing stays held";
    if (r.action === "counter_notice") {
      // dueAt is the last day to answer, in UTC; D1's date decides again at the write (answerComplaint).
      if (today(now) > found.row.dueAt) throw lapsed(found.row);
      const problem = counterNoticeProblem(r.reason!, r.priorUseDate, (found.row.complaint.right as { filedAt?: string }).filedAt);
      // The request's own dates, refused before anything is written: a key it came with is given back for the corrected one.
      if (problem) throw new InvalidInput(422, "counter_notice_rejected", `The counter-notice cannot stand: ${problem}.`, [{ path: "priorUseDate", message: problem }]);
      const own = new Set((await evidenceCaughtUp(c.env, d, tenantId, r.evidence!)).map((e) => e.id));
      const missing = r.evidence!.find((e) => !own.has(e));
      if (missing) throw notFound(`Evidence ${missing}`);
      dueAt = addDays(today(now), COUNTER_NOTICE_WINDOW_DAYS);
      note = `counter-notice filed (${r.reason}); complainant must act by ${dueAt}`;
    }
    const status = r.action === "accept" ? "accepted" : "countered";
    const move = answerComplaint(d, found.row, status, { ...r, at: now.toISOString() }, dueAt, note, now.toISOString());
    const res = c.json(view(move.row, [...found.events, move.event]), 200);
    return (await commitMove(c, d, move, res, (row) => (row.status === "open" ? lapsed(row) : answered(row)))) as typeof res;
  });

  app.openapi(courtAction, async (c) => {
    const tenantId = c.get("caller").tenantId;
    const d = db(c.env.DB);
    const found = await getComplaint(d, tenantId, c.req.valid("param").id);
    if (!found) throw notFound(`Complaint ${c.req.valid("param").id}`);
    const now = new Date();
    const refuse = (r: { code: string; detail: string }) => conflict(r.code, r.detail);
    const refusal = courtActionRefusal(found.row, today(now));
    if (refusal) throw refuse(refusal);
    const a = c.req.valid("json");
    const note = `court action filed ${a.filedAt} at ${a.court}${a.reference ? ` (${a.reference})` : ""}; listing stays held`;
    const move = recordCourtAction(d, found.row, { ...a, recordedAt: now.toISOString() }, note, now.toISOString());
    const res = c.json(view(move.row, [...found.events, move.event]), 200);
    // Refused by D1 when it moved on meanwhile, or D1's date passed dueAt first: answered as on the day after dueAt.
    return (await commitMove(c, d, move, res, (row) => refuse(courtActionRefusal(row, addDays(row.dueAt, 1))!))) as typeof res;
  });
}
