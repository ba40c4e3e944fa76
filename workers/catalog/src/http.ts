import { createServiceApp } from "../../../shared/http/service";
import { registerCreateListing } from "./routes/create-listing";
import { registerDeleteListing } from "./routes/delete-listing";
import { registerFxRates } from "./routes/fx-rates";
import { registerGetListing } from "./routes/get-listing";
import { registerListListings } from "./routes/list-listings";
import { registerUpdateListing } from "./routes/update-listing";

/** The catalog's HTTP surface, apart from the entrypoint so tests can run it over an instrumented env. */
export const app = createServiceApp<Env>("catalog");
registerListListings(app);
registerCreateListing(app);
registerGetListing(app);
registerUpdateListing(app);
registerDeleteListing(app);
registerFxRates(app);
