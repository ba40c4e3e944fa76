// The typed client's types, generated from the served OpenAPI document by openapi-typescript.
import openapiTS, { astToString } from "openapi-typescript";
import path from "node:path";
import { ROOT } from "./workers.mjs";

export const CLIENT_TYPES = path.join(ROOT, "shared/client/schema.d.ts");

const HEADER = "// Generated from GET /openapi.json by `npm run client:types` (openapi-typescript). Do not edit.\n";

/** The TypeScript declarations for one OpenAPI document, exactly as they are committed. */
export async function clientTypes(doc) {
  return HEADER + astToString(await openapiTS(doc, { alphabetize: true }));
}
