import { Hono, type ErrorHandler } from "hono";
import { requestLog } from "../../../shared/http/log";
import { buyerContext } from "./buyer";
import { buyerEdge } from "./buyer-edge";
import { buyerBudget, busyAnswer, PlatformBusy } from "./buyer-budget";
import { clientAddress } from "./client-address";
import { contentSecurityPolicy } from "./csp";
import { csrfGuard } from "./csrf";
import { formBody } from "./form-body";
import { registerAsk } from "./routes/ask";
import { registerCatalog } from "./routes/catalog";
import { registerChatEndpoints } from "./routes/chat-endpoints";
import { registerCheckout } from "./routes/checkout";
import { registerConsoleCases } from "./routes/console/cases";
import { registerConsoleChat } from "./routes/console/chat";
import { registerConsoleComplaints } from "./routes/console/complaints";
import { registerConsoleIntents } from "./routes/console/intents";
import { registerConsoleIp } from "./routes/console/ip";
import { consoleBusy } from "./routes/console/busy";
import { consoleLanguage, registerConsoleLanguage } from "./routes/console/language";
import { registerConsoleEvidence } from "./routes/console/evidence";
import { registerConsoleListings } from "./routes/console/listings";
import { registerConsoleMedia } from "./routes/console/media";
import { registerConsolePayments } from "./routes/console/payments";
import { registerConsoleRooms } from "./routes/console/rooms";
import { consoleSession, registerConsoleSession } from "./routes/console/session";
import { registerLive } from "./routes/live";
import { registerProduct } from "./routes/product";
import type { SfEnv } from "./types";

const app = new Hono<SfEnv>();

/** Anything a route did not expect: logged, and a plain 500 (never a stack trace). */
const unexpected: ErrorHandler<SfEnv> = (err, c) => {
  console.error("storefront error", err);
  return c.text("Something went wrong on our side. Please try again.", 500);
};

app.use("*", requestLog("storefront"));
app.use("*", csrfGuard());
app.use("*", formBody());
app.use("*", clientAddress());
app.use("*", async (c, next) => {
  await next();
  // Pages carry no secret, but they do carry a session's results: never cached by a shared cache.
  if (c.res.headers.get("content-type")?.startsWith("text/html")) {
    c.header("cache-control", "private, no-store");
    // A page's own additions (a checkout handing the buyer to their bank) ride on the context: one policy, built here.
    c.header("content-security-policy", contentSecurityPolicy(c.get("csp")));
  }
  c.header("x-content-type-options", "nosniff");
  c.header("referrer-policy", "same-origin");
});

const shop = new Hono<SfEnv>();
shop.use("*", buyerContext());
shop.use("*", buyerEdge());
// Every secret-key call made on an anonymous buyer's behalf spends one unit of that visitor's budget.
shop.use("*", buyerBudget());
registerCatalog(shop);
registerProduct(shop);
registerCheckout(shop);
registerLive(shop);
registerAsk(shop);
registerChatEndpoints(shop);

const console_ = new Hono<SfEnv>();
console_.use("/console", consoleLanguage());
console_.use("/console/*", consoleLanguage());
registerConsoleLanguage(console_);
registerConsoleSession(console_);
console_.use("/console/*", consoleSession(true));
registerConsoleListings(console_);
registerConsoleEvidence(console_);
registerConsoleChat(console_);
registerConsoleRooms(console_);
registerConsoleIp(console_);
registerConsoleComplaints(console_);
registerConsoleCases(console_);
registerConsolePayments(console_);
registerConsoleIntents(console_);
registerConsoleMedia(console_);
// The platform busy or failing is a console page saying to try again (in the seller's language), not a buyer's.
console_.onError((err, c) => (err instanceof PlatformBusy ? consoleBusy(c, err) : unexpected(err, c)));

app.route("/", console_);
app.route("/", shop);
app.notFound((c) => c.text("Not found", 404));
app.onError((err, c) => (err instanceof PlatformBusy ? busyAnswer(c, err) : unexpected(err, c)));

export default app satisfies ExportedHandler<Env>;
