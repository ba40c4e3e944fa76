import type { Buyer } from "./buyer";
import type { CspExtra } from "./csp";
import type { ConsoleUi } from "./i18n/console";
import type { ConsoleSession } from "./session";

/** The storefront's Hono environment: its bindings and what middleware leaves on the context. */
export type SfEnv = {
  Bindings: Env;
  Variables: { buyer: Buyer; session?: ConsoleSession; requestId?: string; ui: ConsoleUi; csp?: CspExtra };
};
