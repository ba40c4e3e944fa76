// `npm start`: migrations, demo seed, every Worker in one local session on 127.0.0.1:8787.
import { DEFAULT_PERSIST, prepare, startSupervisedStack } from "./lib/stack.mjs";
import { DEMO_KEYS } from "./seed/index.mjs";

const port = Number(process.env.PORT ?? 8787);
// Each Worker's cron triggers fire on their schedule, as deployed (scripts/lib/crons.mjs); CRONS=off stops them.
const crons = process.env.CRONS !== "off";
console.log("Applying D1 migrations and the demo seed …");
await prepare(DEFAULT_PERSIST, { quiet: true });
console.log("Starting the gateway and every service …");
const stack = await startSupervisedStack(
  { port, persistTo: DEFAULT_PERSIST, logLevel: process.env.LOG_LEVEL ?? "log", crons },
  {
    onRestart: (n, code) => {
      if (n === null) {
        console.error(`wrangler dev exited (code ${code}) too often; stopping.`);
        process.exit(code ?? 1);
      }
      console.error(`wrangler dev exited (code ${code}); restarting it (${n}), state kept. See startSupervisedStack in scripts/lib/stack.mjs.`);
    },
  },
);
console.log(`
Edge commerce platform is up on ${stack.base}

  Health       ${stack.base}/health
  API docs     ${stack.base}/docs
  OpenAPI      ${stack.base}/openapi.json

  Demo keys    secret      ${DEMO_KEYS.secret}
               publishable ${DEMO_KEYS.publishable}
  Admin token  admin_test_demo   (ADMIN_TOKEN in .dev.vars)

  Crons        ${crons ? `${stack.crons.map((j) => `${j.worker} "${j.cron}"`).join(", ")}: fired on schedule (UTC, as deployed) by npm start, whatever
               wrangler's warning above says (scripts/lib/crons.mjs); CRONS=off npm start for none` : "off (CRONS=off)"}

  Try: curl -H "Authorization: Bearer ${DEMO_KEYS.publishable}" "${stack.base}/v1/catalog/listings?country=DE&locale=de-DE"

Local state persists in .wrangler/state. Ctrl-C stops everything.
`);
const shutdown = async () => {
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
