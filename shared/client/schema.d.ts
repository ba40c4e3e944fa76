// Generated from GET /openapi.json by `npm run client:types` (openapi-typescript). Do not edit.
export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reports the gateway and every service behind it */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness of the gateway alone: touches no binding */
        get: operations["ping"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/ip/assets/{id}/ownership": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Verify or reject a tenant's claim to hold a right (after checking the office's record); a decision can be changed
         * @description Owner names and registration numbers are public, so anyone can claim a famous mark. Until the platform operator verifies the claim, the tenant's trademark does not keep the register mark it names from holding the tenant's listings.
         */
        put: operations["decideAssetOwnership"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/marks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import third-party marks into the reference register (JSON or text/csv), idempotent by jurisdiction and registration number; refused whole (409) past the register's size cap */
        post: operations["importMarks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/payments/simulator": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Local stack only: set the provider simulator's scenario (outages, latency, declines, requires_action, three_ds (a card's 3-D Secure redirect), timeouts, 500s after the work) */
        put: operations["putPaymentSimulator"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/payments/simulator/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Local stack only: normal scenario, and every provider's health window and breaker forgotten */
        post: operations["resetPaymentSimulator"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Creates a tenant and returns its keys once */
        post: operations["createTenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/tenants/{tenantId}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tenant's keys (hints only: secrets are never stored) */
        get: operations["listTenantKeys"];
        put?: never;
        /** Issues a new key for a tenant (rotation: issue, deploy it, then revoke the old one); shown once */
        post: operations["createTenantKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/tenants/{tenantId}/keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revokes a key: refused here at once, everywhere within 30 s (the gateway's key cache) */
        delete: operations["revokeTenantKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/fx-rates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the tenant's FX rates
         * @description Units of each currency per one USD, as decimal strings. Replaces the tenant's rates; a currency left out uses the platform's default rate. Prices convert from the listing's base currency through USD and round half up, once, to the target currency's minor unit.
         */
        put: operations["setFxRates"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/listings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List listings, localized for the buyer
         * @description Listings not sold in the buyer's country, and held listings (to publishable keys), are left out. A buyer whose country is unknown (no `country`, and none from the edge) is shown only listings every market sells (no markets limit, a category restricted nowhere), priced in their own currency without tax. A secret key's list is filtered by country only when `country` is given; otherwise the edge country only prices it.
         */
        get: operations["listListings"];
        put?: never;
        /** Create a listing */
        post: operations["createListing"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/listings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one listing, localized for the buyer
         * @description 451 when it is not sold in the buyer's country, or, when that is unknown (no `country`, and none from the edge), when not every market sells it; to a secret key only for an explicit `country` (the edge country only prices it).
         */
        get: operations["getListing"];
        put?: never;
        post?: never;
        /** Delete a listing */
        delete: operations["deleteListing"];
        options?: never;
        head?: never;
        /**
         * Update a listing
         * @description Members left out keep their value; `null` removes a translation, a country price, the market list or the category. With `If-Match: "lv<version>"` (the `ETag` of the last write, or an owner read's `version`) a listing changed since is refused with 412; without it, or with `If-Match: *` (any version of a listing that exists), concurrent edits are merged (each applied to the latest state).
         */
        patch: operations["updateListing"];
        trace?: never;
    };
    "/v1/catalog/ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Answers a constant: the cost of one authenticated hop to the catalog service (publishable or secret key) */
        get: operations["catalogPing"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/ping/db": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One indexed point read in D1 (the caller's tenant row) through the catalog service (publishable or secret key) */
        get: operations["catalogPingDb"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/chat/ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Answers a constant: the cost of one authenticated hop to the chat service (publishable or secret key) */
        get: operations["chatPing"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/chat/ping/db": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One indexed point read in D1 (the caller's tenant row) through the chat service (publishable or secret key) */
        get: operations["chatPingDb"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/chat/rooms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the tenant's rooms, newest first, optionally of one kind
         * @description From the room directory the service writes when it creates a room; read a room (`GET /v1/chat/rooms/{id}`) for its latest `seq`.
         */
        get: operations["listRooms"];
        put?: never;
        /**
         * Create a room
         * @description A `direct` room admits only its two `members`; `group` rooms admit any token holder for the room; `live` rooms fan out to sharded audiences.
         */
        post: operations["createRoom"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/chat/rooms/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a room */
        get: operations["getRoom"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/chat/rooms/{id}/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open the room's WebSocket
         * @description Upgrades to a WebSocket speaking the chat frames (publish, resume, typing, read, moderation). The token is checked before the upgrade: a bad one is 401, one for another room 403. A client that names protocol 3 or later (`?v=3`) gets a refusal for good (an expired or bad token, a token for another room, a removed user, a direct room's non-member, no such room) as an accepted upgrade closed at once: 4001 token expired, 4003 removed, 4004 no such room, 4009 not allowed, the reason naming the problem's code.
         */
        get: operations["connectRoom"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/chat/rooms/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Room history, oldest first
         * @description Messages with `seq > afterSeq`, in order. With a chat token the answer also carries the user's `lastReadSeq` and `unread` count.
         */
        get: operations["listRoomMessages"];
        put?: never;
        /**
         * Publish a message from the tenant's server (no socket needed)
         * @description For servers that act in a room without holding a WebSocket, such as a form post pinning a product in a live room. The message is sequenced and delivered exactly like one published over a socket; the role's permissions and a direct room's membership apply.
         */
        post: operations["publishRoomMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/chat/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mint a chat token for an app user
         * @description Your server calls this with its secret key and hands the token to the app, which connects with `?token=`. Tokens are HS256 JWTs valid for `ttlSeconds` (default 1 h, at most 24 h). A token names its rooms and the user's role in each: a host of one room is a member (or nothing) in another.
         */
        post: operations["createChatToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the tenant's rights */
        get: operations["listAssets"];
        put?: never;
        /**
         * Register a right (trademark, patent, design, copyright) in the tenant's registry
         * @description A registry holds at most 5,000 rights; past that a create is a 409 `asset_limit_reached`.
         */
        post: operations["createAsset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/assets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One right */
        get: operations["getAsset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the tenant's enforcement cases, newest first, optionally at one stage */
        get: operations["listCases"];
        put?: never;
        /** Open an enforcement case */
        post: operations["createCase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/cases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A case with its timeline and next moves */
        get: operations["getCase"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/cases/{id}/advance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move a case to another stage; refused (409) when the process forbids it */
        post: operations["advanceCase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/cases/{id}/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Attach ledger evidence to a case */
        post: operations["attachCaseEvidence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/cases/{id}/letter": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The case's warning letter, in the infringer's language where a template exists */
        get: operations["getCaseLetter"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/cases/{id}/packet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The platform-complaint packet for a marketplace's brand-protection form */
        get: operations["getCasePacket"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/clearance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check a title and brand against registered marks in the given markets */
        post: operations["checkClearance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/complaints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List complaints received against the tenant's listings, newest first, optionally with one status */
        get: operations["listComplaints"];
        put?: never;
        /** Record a complaint received against one of the tenant's listings; the listing is held at once */
        post: operations["createComplaint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/complaints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A complaint with its deadline and status history */
        get: operations["getComplaint"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/complaints/{id}/court-action": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record that the complainant went to court over a counter-notice, by its due date: the listing stays held and is not restored */
        post: operations["recordComplaintCourtAction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/complaints/{id}/response": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept a complaint (the listing stays down) or file a counter-notice on a recognised ground with ledger evidence */
        post: operations["respondToComplaint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/deadlines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Renewals, maintenance fees and term ends due within `withinDays`, and those still in grace */
        get: operations["listDeadlines"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/deadlines.ics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The same deadlines as an iCalendar feed (default: the next three years)
         * @description Authenticate with a secret key, or with `?token=` from `POST /v1/ip/deadlines/feeds` so a calendar app can subscribe. The feed holds the first 2,000 deadlines by due date; when there are more, it ends with an event, on the first left-out deadline's date, saying that later ones are missing.
         */
        get: operations["getDeadlinesCalendar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/deadlines/feeds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's feed tokens (without the tokens themselves), newest first, a page at a time */
        get: operations["listDeadlinesFeeds"];
        put?: never;
        /**
         * Make a subscribable URL of the deadlines calendar, for calendar apps that cannot send a key
         * @description The URL carries a feed token that opens this tenant's calendar only. It expires after `ttlDays` (default 365, at most 730) and can be revoked on its own with DELETE. The token is shown once.
         */
        post: operations["createDeadlinesFeed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/deadlines/feeds/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one feed token: its URL stops working at once, the others keep working */
        delete: operations["revokeDeadlinesFeed"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's evidence, oldest first */
        get: operations["listEvidence"];
        put?: never;
        /**
         * Add evidence (multipart file, or JSON URL capture) to the tenant's append-only ledger
         * @description Send `Idempotency-Key` to make a retry safe: the same key and body replay the first answer, and even a retry that outlives the key's 24 h record gets the leaf its first attempt wrote, never a second one.
         */
        post: operations["addEvidence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/evidence/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One evidence record with its inclusion proof in the current signed tree */
        get: operations["getEvidence"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's signed tree head (RFC 9162 style, Ed25519) */
        get: operations["getLedgerHead"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/ledger/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every public key that ever signed a tree head (JWK set), with its validity; no credential needed
         * @description A head's `keyId` names its key; `validFrom` is when the key first signed and `validUntil` when the next key took over (absent for the current key). A head is genuine when its signature verifies with that key and its `timestamp` falls in the key's validity.
         */
        get: operations["listLedgerKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/ledger/proofs/consistency": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Consistency proof that the tree of `first` leaves is a prefix of the tree of `second` leaves */
        get: operations["getConsistencyProof"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/ledger/proofs/inclusion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Inclusion proof of the leaf at `index` in the tree of `treeSize` leaves (default: the current size) */
        get: operations["getInclusionProof"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Answers a constant: the cost of one authenticated hop to the ip service (publishable or secret key) */
        get: operations["ipPing"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ip/ping/db": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One indexed point read in D1 (the caller's tenant row) through the ip service (publishable or secret key) */
        get: operations["ipPingDb"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant, key kind and (to a secret key) plan behind the presented key
         * @description The cheapest authenticated route: the bench's baseline.
         */
        get: operations["whoami"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/media/heartbeats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Many nodes' heartbeats in one request (up to 500)
         * @description For a fleet controller that speaks for its nodes: 1,000 nodes every 5 s become 2 requests every 5 s instead of 200 a second. Unknown node ids are listed, not fatal.
         */
        post: operations["heartbeatNodes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/media/nearest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The best healthy media nodes with room for this buyer, best first
         * @description Location: `peers` (a 1v1), else `lat`/`lon`, else the edge's location, else the centroid of `country` or the edge's country. Residency rules match the buyer's country: with a publishable key (the buyer's own device) the edge's country when known, else `country`; with a secret key (a server calling for a buyer) `country`, else the edge's. Nodes are ranked by estimated RTT (great circle × 1.5 route inflation over fibre at ~204,000 km/s, plus a per-region overhead) plus a load penalty; nodes at ≥ 90 % load, unhealthy or silent past the TTL are not offered, but a room's node keeps its room while it has a free session. Served from a per-isolate snapshot at most `SNAPSHOT_MAX_AGE_MS` (1 s) old, or up to 5 s older while the tenant's registry cannot be asked; past that a 503 `registry_unavailable` with Retry-After.
         */
        get: operations["findNearestNodes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/media/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's media nodes, in id order, a page at a time */
        get: operations["listNodes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/media/nodes/{nodeId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One media node with its last heartbeat */
        get: operations["getNode"];
        /** Register or replace a media node (idempotent) */
        put: operations["putNode"];
        post?: never;
        /** Remove a media node; rooms on it move on their next lookup */
        delete: operations["deleteNode"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/media/nodes/{nodeId}/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A node's heartbeat: its load and health, every few seconds
         * @description A node not heard from within the TTL (15 s) is no longer offered. Heartbeats are served from the tenant's registry object's memory and written behind (at most every 3 s, at once when a node turns unhealthy or full), so a restarted registry offers the nodes that were live.
         */
        post: operations["heartbeatNode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/media/ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Answers a constant: the cost of one authenticated hop to the media service (publishable or secret key) */
        get: operations["mediaPing"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/media/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's residency policy */
        get: operations["getPolicies"];
        /**
         * Set the tenant's residency policy (replaces the whole policy)
         * @description Rules are tried in order; the first whose `buyers` covers the buyer's country applies. Without a policy of its own a tenant has the default: EU buyers prefer EU nodes.
         */
        put: operations["putPolicies"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/intents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's intents, newest first (attempts in GET /intents/{id}) */
        get: operations["listIntents"];
        put?: never;
        /** Create a payment intent, routed (needs Idempotency-Key) */
        post: operations["createIntent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/intents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an intent with every attempt and refund */
        get: operations["getIntent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/intents/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel an intent not yet charged, or void its authorization */
        post: operations["cancelIntent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/intents/{id}/capture": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Capture an authorized intent, fully or partly (at most what was authorized) */
        post: operations["captureIntent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/intents/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hand the provider what the buyer brought back from its page (Adyen's `redirectResult` on the return URL) and settle the intent by the payment's result: Authorised → succeeded (or requires_capture), Refused → failed, Pending → processing. Only an Adyen intent in `requires_action`; a Stripe intent completes by itself (422 `completion_not_supported`) */
        post: operations["completeIntent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/intents/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Charge down the routed chain: fall back on outage and soft decline, stop on hard decline, never charge twice; a buyer step (redirect, QR code) comes back as `nextAction` */
        post: operations["confirmIntent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/intents/{id}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refund captured money, fully or partly, never more than was captured (needs Idempotency-Key) */
        post: operations["refundIntent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The payment methods this buyer can use, most used locally first */
        get: operations["listPaymentMethods"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Answers a constant: the cost of one authenticated hop to the payments service (publishable or secret key) */
        get: operations["paymentsPing"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/ping/db": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One indexed point read in D1 (the caller's tenant row) through the payments service (publishable or secret key) */
        get: operations["paymentsPingDb"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Each provider's circuit state, success rate and latency over the recent window */
        get: operations["listProviders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's captures, cancels, refunds and charges in review, oldest first: what reconciliation cannot learn (past the provider's key window with no read, or a read that stayed unclear a week past it), each with what to check at the provider */
        get: operations["listPaymentReview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/review/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Settle a capture, cancel, refund or stuck charge in review by what the provider shows (after checking it there); answers the intent. A retry of a resolution already applied is answered as it was; another outcome is a 409 */
        post: operations["resolvePaymentReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/routing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's routing rules */
        get: operations["getRouting"];
        /** Replace the tenant's routing rules (first match wins; no match: success-rate routing) */
        put: operations["putRouting"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/webhooks/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Provider webhooks (no API key: Stripe-Signature or Adyen HMAC instead); a replayed event moves nothing */
        post: operations["receiveProviderWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ApiKey: {
            createdAt: string;
            hint: string;
            id: string;
            /** @enum {string} */
            kind: "secret" | "publishable";
            revokedAt: string | null;
        };
        CaptureIntent: {
            /** @description Minor units; default the whole authorized amount. */
            amountToCapture?: number;
        };
        ChatHistory: {
            items: components["schemas"]["ChatMessage"][];
            lastReadSeq?: number;
            latestSeq: number;
            nextCursor: string | null;
            unread?: number;
        };
        ChatMessage: {
            at: string;
            /** @description The message body by kind; null once deleted. */
            body: {
                [key: string]: unknown;
            } | null;
            clientMsgId: string;
            deletedAt?: string;
            from: string;
            id: string;
            /**
             * @description The sender's role in the room when they published it; absent on messages from before rooms recorded it.
             * @enum {string}
             */
            role?: "member" | "host" | "moderator";
            seq: number;
            /** @enum {string} */
            type: "message";
        };
        /**
         * @example {
         *       "userId": "seller",
         *       "role": "host",
         *       "clientMsgId": "pin-7f3a9c",
         *       "body": {
         *         "kind": "product",
         *         "listingId": "lst_01JDEMO0000000000000000000",
         *         "note": "Today only"
         *       }
         *     }
         */
        ChatPublish: {
            body: {
                /** @enum {string} */
                kind: "text";
                text: string;
            } | {
                caption?: string;
                height: number;
                /** @enum {string} */
                kind: "image";
                /** Format: uri */
                thumbUrl?: string;
                /** Format: uri */
                url: string;
                width: number;
            } | {
                caption?: string;
                durationMs: number;
                height: number;
                /** @enum {string} */
                kind: "video";
                /** Format: uri */
                posterUrl?: string;
                /** Format: uri */
                url: string;
                width: number;
            } | {
                /** @enum {string} */
                kind: "product";
                listingId: string;
                note?: string;
            } | {
                /** @enum {string} */
                kind: "order";
                note?: string;
                orderId: string;
                status?: string;
            } | {
                event?: string;
                /** @enum {string} */
                kind: "system";
                text: string;
            };
            /** @description Publishing the same id again (as the same user) answers the first message's seq and delivers nothing new. */
            clientMsgId: string;
            /**
             * @default member
             * @enum {string}
             */
            role: "member" | "host" | "moderator";
            /** @description Who the message is from, as a chat token would name them. */
            userId: string;
        };
        /**
         * @example {
         *       "seq": 42,
         *       "duplicate": false
         *     }
         */
        ChatPublished: {
            duplicate: boolean;
            seq: number;
        };
        ChatRoom: {
            createdAt: string;
            /** @example room_01JDEMO0000000000000000000 */
            id: string;
            /** @enum {string} */
            kind: "direct" | "group" | "live";
            latestSeq: number;
            title: string | null;
        };
        ChatRoomList: {
            items: components["schemas"]["ChatRoomSummary"][];
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "id": "room_01JDEMO0000000000000000000",
         *       "kind": "direct",
         *       "title": "Ask the seller: Desk lamp",
         *       "members": [
         *         "b_0123456789abcdef0123456789abcdef",
         *         "seller"
         *       ],
         *       "createdAt": "2026-11-26T09:00:00.000Z"
         *     }
         */
        ChatRoomSummary: {
            createdAt: string;
            id: string;
            /** @enum {string} */
            kind: "direct" | "group" | "live";
            /** @description The members named when the room was made (a direct room's two parties). */
            members: string[];
            title: string | null;
        };
        ChatToken: {
            expiresAt: string;
            token: string;
        };
        ChatTokenRequest: {
            /**
             * @description The user's role in every room named, unless `roles` gives a room another.
             * @default member
             * @enum {string}
             */
            role: "member" | "host" | "moderator";
            /**
             * @description A role per room, overriding `role` there; every key must be one of `rooms`.
             * @example {
             *       "room_01JDEMO0000000000000000000": "host"
             *     }
             */
            roles?: {
                [key: string]: "member" | "host" | "moderator";
            };
            /**
             * @description The rooms the token opens, by id, or `"*"`: every room of the tenant, as a member only. Omitted, it is `"*"`: a member's token for every room (a direct room still admits only its members), so a token for a host or moderator (`role` other than member, or `roles`) must name its rooms.
             * @example [
             *       "room_01JDEMO0000000000000000000"
             *     ]
             */
            rooms?: "*" | string[];
            /** @default 3600 */
            ttlSeconds: number;
            /** @example user_42 */
            userId: string;
        };
        ClearanceResult: {
            brand?: {
                name: string;
                notRegisteredIn: string[];
                registeredIn: string[];
            };
            findings: {
                assetId: string;
                jurisdiction: string;
                mark: string;
                markets: string[];
                matched: string;
                niceClasses: number[];
                owner: string;
                reasons: string[];
                registrationNumber: string;
                similarity: number;
            }[];
            /** @enum {string} */
            status: "clear" | "warning" | "blocked";
        };
        CompletePaymentIntent: {
            /**
             * @description What the provider appended to the `returnUrl` when it sent the buyer back (Adyen's `redirectResult`, from the query or the posted form), as received (URL-decoded): handed to the provider for the payment's result. At most 8,192 printable ASCII characters.
             * @example X6XtfGC3!Y2hlY2tvdXRTaG9wcGVyUmVkaXJlY3RSZXN1bHQ
             */
            redirectResult: string;
        };
        ConfirmPaymentIntent: {
            /**
             * @description Where the provider sends the buyer back after a redirect (their bank, wallet, lender, or 3-D Secure), with the result in its query: an absolute https URL (http only for localhost, 127.0.0.1 or [::1]), at most 2,048 printable ASCII characters. Required for a method that redirects (iDEAL, Bancontact, eps, Klarna, PayPal, Alipay…): without it the confirm is a 400 `return_url_required` and nothing is charged. Used for every other method when given (a card's 3-D Secure may redirect).
             * @example https://shop.example/checkout/complete?order=8731
             */
            returnUrl?: string;
        };
        CreatedListing: {
            clearance: components["schemas"]["ClearanceResult"];
            createdAt: string;
            id: string;
            sku: string;
            /** @enum {string} */
            status: "active" | "held";
        };
        /**
         * @example {
         *       "sku": "LAMP-1",
         *       "brand": "Lumora",
         *       "defaultLocale": "en",
         *       "translations": {
         *         "en": {
         *           "title": "Desk lamp",
         *           "description": "A warm LED desk lamp."
         *         },
         *         "de": {
         *           "title": "Schreibtischlampe"
         *         }
         *       },
         *       "price": {
         *         "amount": 10000,
         *         "currency": "USD"
         *       },
         *       "prices": {
         *         "JP": {
         *           "amount": 15800,
         *           "currency": "JPY"
         *         }
         *       },
         *       "markets": [
         *         "DE",
         *         "JP",
         *         "US"
         *       ],
         *       "category": "home"
         *     }
         */
        CreateListing: {
            attributes?: {
                [key: string]: string | number | boolean;
            };
            brand: string;
            category?: string;
            /** @example pt-BR */
            defaultLocale: string;
            images?: string[];
            markets?: string[];
            price: components["schemas"]["ListingMoney"];
            prices?: {
                [key: string]: components["schemas"]["ListingMoney"];
            };
            /** @example TSHIRT-BLK-M */
            sku: string;
            translations: {
                [key: string]: components["schemas"]["ListingTranslation"];
            };
        };
        CreatePaymentIntent: {
            /**
             * @description Integer minor units of the currency (ISO 4217 digits), at least 1.
             * @example 2500
             */
            amount: number;
            /**
             * @default automatic
             * @enum {string}
             */
            captureMethod: "automatic" | "manual";
            /** @example DE */
            country: string;
            /** @example EUR */
            currency: string;
            /**
             * @description The buyer's choice; without it the most used local method that fits.
             * @example ideal
             * @enum {string}
             */
            method?: "card_visa" | "card_mastercard" | "card_amex" | "card_jcb" | "card_unionpay" | "card_cb" | "mada" | "knet" | "benefit" | "apple_pay" | "google_pay" | "paypal" | "alipay" | "wechat_pay" | "paypay" | "gcash" | "grabpay" | "kakaopay" | "twint" | "swish" | "gopay" | "ideal" | "bancontact" | "eps" | "blik" | "sepa_debit" | "pix" | "boleto" | "oxxo" | "spei" | "upi" | "promptpay" | "paynow" | "fpx" | "konbini" | "klarna" | "afterpay" | "tabby";
        };
        CreateRefund: {
            /** @description Minor units; default what is left to refund. */
            amount?: number;
            reason?: string;
        };
        /**
         * @example {
         *       "kind": "group",
         *       "title": "Support",
         *       "members": [
         *         "alice",
         *         "bob"
         *       ]
         *     }
         */
        CreateRoom: {
            /** @enum {string} */
            kind: "direct" | "group" | "live";
            members?: string[];
            title?: string;
        };
        /**
         * @example {
         *       "name": "Acme Export Ltd",
         *       "plan": "standard"
         *     }
         */
        CreateTenant: {
            name: string;
            /**
             * @default standard
             * @enum {string}
             */
            plan: "standard" | "high";
        };
        /**
         * @example {
         *       "rates": {
         *         "EUR": "0.9215",
         *         "JPY": "151.37"
         *       }
         *     }
         */
        FxRates: {
            rates: {
                [key: string]: string;
            };
        };
        Health: {
            services: {
                [key: string]: "ok" | "down";
            };
            /** @enum {string} */
            status: "ok" | "degraded";
        };
        IpAsset: {
            createdAt: string;
            designations: string[];
            expiresAt: string | null;
            filedAt: string | null;
            id: string;
            jurisdiction: string;
            /** @enum {string} */
            kind: "trademark" | "invention_patent" | "design_patent" | "copyright";
            name: string;
            niceClasses: number[];
            owner: string;
            ownership: components["schemas"]["IpAssetOwnership"];
            registeredAt: string | null;
            registrationNumber: string | null;
            status: string;
        };
        /**
         * @example {
         *       "kind": "trademark",
         *       "jurisdiction": "EU",
         *       "name": "Lumora",
         *       "niceClasses": [
         *         9,
         *         35
         *       ],
         *       "registrationNumber": "018000001",
         *       "owner": "Demo Seller GmbH",
         *       "status": "registered",
         *       "filedAt": "2020-03-02",
         *       "registeredAt": "2020-07-10"
         *     }
         */
        IpAssetInput: {
            designations?: (string | "EU")[];
            /**
             * Format: date
             * @example 2024-03-31
             */
            expiresAt?: string;
            /**
             * Format: date
             * @example 2024-03-31
             */
            filedAt?: string;
            /**
             * @example EU
             * @enum {string}
             */
            jurisdiction: "US" | "EU" | "GB" | "CN" | "JP" | "KR" | "DE" | "FR" | "BR" | "IN" | "AU" | "CA" | "MX" | "SA" | "AE" | "WIPO";
            /** @enum {string} */
            kind: "trademark" | "invention_patent" | "design_patent" | "copyright";
            name: string;
            niceClasses?: number[];
            owner: string;
            /**
             * Format: date
             * @example 2024-03-31
             */
            registeredAt?: string;
            registrationNumber?: string;
            /** @enum {string} */
            status: "filed" | "published" | "opposed" | "registered" | "granted" | "lapsed" | "expired" | "abandoned";
        };
        IpAssetList: {
            items: components["schemas"]["IpAsset"][];
            nextCursor: string | null;
        };
        /** @description Whether the platform verified that the tenant holds this right. Only a verified trademark keeps the register mark it names from holding the tenant's listings. */
        IpAssetOwnership: {
            decidedAt: string | null;
            note: string | null;
            /** @enum {string} */
            status: "unverified" | "verified" | "rejected";
        };
        IpCase: {
            assetId: string;
            createdAt: string;
            evidenceIds: string[];
            id: string;
            infringer: {
                [key: string]: string;
            };
            nextDueAt: string | null;
            nextMoves: {
                allowed: boolean;
                reason?: string;
                to: string;
            }[];
            /** @enum {string} */
            stage: "evidence" | "warning_letter" | "platform_complaint" | "administrative_complaint" | "litigation" | "resolved" | "closed";
            timeline: {
                at: string;
                from: string | null;
                note: string | null;
                to: string;
            }[];
            updatedAt: string;
        };
        /**
         * @example {
         *       "to": "warning_letter",
         *       "note": "Letter sent by email"
         *     }
         */
        IpCaseAdvance: {
            evidenceIds?: string[];
            note?: string;
            /** @enum {string} */
            to: "evidence" | "warning_letter" | "platform_complaint" | "administrative_complaint" | "litigation" | "resolved" | "closed";
        };
        /**
         * @example {
         *       "evidenceIds": [
         *         "evd_01JDEMO00000000000000000002"
         *       ]
         *     }
         */
        IpCaseAttach: {
            evidenceIds: string[];
        };
        /**
         * @example {
         *       "assetId": "ipa_01JDEMO00000000000000000001",
         *       "infringer": {
         *         "name": "Lumorra Trading Co.",
         *         "country": "CN",
         *         "language": "zh-Hans",
         *         "platform": "ExampleMarket",
         *         "listingUrl": "https://market.example/item/123",
         *         "storeName": "Lumorra Official"
         *       },
         *       "evidenceIds": [
         *         "evd_01JDEMO00000000000000000001"
         *       ],
         *       "note": "Counterfeit desk lamps under our EU mark"
         *     }
         */
        IpCaseInput: {
            assetId: string;
            evidenceIds?: string[];
            infringer: components["schemas"]["IpInfringer"];
            note?: string;
        };
        IpCaseList: {
            items: components["schemas"]["IpCaseSummary"][];
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "id": "case_01JDEMO0000000000000000000",
         *       "stage": "warning_letter",
         *       "assetId": "ipa_01JDEMO00000000000000000001",
         *       "infringer": {
         *         "name": "Lumorra Trading Co.",
         *         "country": "CN"
         *       },
         *       "evidenceIds": [
         *         "evd_01JDEMO00000000000000000001"
         *       ],
         *       "nextDueAt": "2026-12-10",
         *       "createdAt": "2026-11-20T09:00:00.000Z",
         *       "updatedAt": "2026-11-26T09:00:00.000Z"
         *     }
         */
        IpCaseSummary: {
            assetId: string;
            createdAt: string;
            evidenceIds: string[];
            id: string;
            infringer: {
                [key: string]: string;
            };
            nextDueAt: string | null;
            /** @enum {string} */
            stage: "evidence" | "warning_letter" | "platform_complaint" | "administrative_complaint" | "litigation" | "resolved" | "closed";
            updatedAt: string;
        };
        /**
         * @example {
         *       "text": "Lumora LED desk lamp",
         *       "brand": "Lumora",
         *       "markets": [
         *         "DE",
         *         "US",
         *         "JP"
         *       ],
         *       "niceClasses": [
         *         11
         *       ]
         *     }
         */
        IpClearanceInput: {
            brand?: string;
            markets: string[];
            niceClasses?: number[];
            /** @example Nike-style running shoes */
            text: string;
        };
        IpComplaint: {
            complaint: {
                [key: string]: unknown;
            };
            courtAction: {
                court: string;
                filedAt: string;
                recordedAt: string;
                reference?: string;
            } | null;
            dueAt: string;
            history: {
                at: string;
                note: string | null;
                status: string;
            }[];
            id: string;
            listing: {
                status: string | null;
            };
            listingId: string;
            receivedAt: string;
            response: {
                [key: string]: unknown;
            } | null;
            /** @enum {string} */
            status: "open" | "accepted" | "countered" | "in_court" | "restored";
        };
        /**
         * @example {
         *       "listingId": "lst_01JDEMO0000000000000000000",
         *       "complainant": {
         *         "name": "Brand Owner GmbH",
         *         "email": "legal@brand.example"
         *       },
         *       "right": {
         *         "kind": "trademark",
         *         "mark": "LUMEN",
         *         "jurisdiction": "EU",
         *         "registrationNumber": "018000123"
         *       },
         *       "reason": "The listing uses our registered mark for identical goods."
         *     }
         */
        IpComplaintInput: {
            complainant: {
                agentFor?: string;
                /** Format: email */
                email?: string;
                name: string;
            };
            listingId: string;
            platformReference?: string;
            reason: string;
            right: {
                /**
                 * Format: date
                 * @example 2024-03-31
                 */
                filedAt?: string;
                /**
                 * @example EU
                 * @enum {string}
                 */
                jurisdiction: "US" | "EU" | "GB" | "CN" | "JP" | "KR" | "DE" | "FR" | "BR" | "IN" | "AU" | "CA" | "MX" | "SA" | "AE" | "WIPO";
                /**
                 * @default trademark
                 * @enum {string}
                 */
                kind: "trademark" | "invention_patent" | "design_patent" | "copyright";
                mark: string;
                registrationNumber: string;
            };
        };
        IpComplaintList: {
            items: components["schemas"]["IpComplaintSummary"][];
            nextCursor: string | null;
        };
        /**
         * @example {
         *       "action": "counter_notice",
         *       "reason": "prior_use",
         *       "evidence": [
         *         "evd_01JDEMO00000000000000000001"
         *       ],
         *       "priorUseDate": "2015-03-01",
         *       "argument": "We have sold under this name in the EU since 2015."
         *     }
         */
        IpComplaintResponse: {
            /** @enum {string} */
            action: "accept" | "counter_notice";
            argument?: string;
            evidence?: string[];
            /**
             * Format: date
             * @example 2024-03-31
             */
            priorUseDate?: string;
            /** @enum {string} */
            reason?: "prior_use" | "no_likelihood_of_confusion" | "invalid_right";
        };
        /**
         * @example {
         *       "id": "cmp_01JDEMO0000000000000000000",
         *       "listingId": "lst_01JDEMO0000000000000000000",
         *       "status": "open",
         *       "complaint": {
         *         "complainant": {
         *           "name": "Brand Owner GmbH"
         *         },
         *         "right": {
         *           "mark": "LUMEN",
         *           "jurisdiction": "EU",
         *           "registrationNumber": "018000123"
         *         },
         *         "reason": "Identical goods under our mark."
         *       },
         *       "dueAt": "2026-12-03",
         *       "receivedAt": "2026-11-26T09:00:00.000Z",
         *       "listing": {
         *         "status": "held"
         *       }
         *     }
         */
        IpComplaintSummary: {
            complaint: {
                [key: string]: unknown;
            };
            dueAt: string;
            id: string;
            listing: {
                status: string | null;
            };
            listingId: string;
            receivedAt: string;
            /** @enum {string} */
            status: "open" | "accepted" | "countered" | "in_court" | "restored";
        };
        /**
         * @example {
         *       "filedAt": "2026-12-01",
         *       "court": "Landgericht München I",
         *       "reference": "33 O 1234/26"
         *     }
         */
        IpCourtActionInput: {
            court: string;
            /**
             * Format: date
             * @example 2024-03-31
             */
            filedAt: string;
            reference?: string;
        };
        IpDeadline: {
            assetId: string;
            assetName: string;
            daysUntilDue: number;
            dueDate: string;
            graceEndsAt: string;
            jurisdiction: string;
            kind: string;
            occurrence: number;
            registrationNumber: string | null;
            ruleId: string;
            source: string;
            /** @enum {string} */
            state: "upcoming" | "in_grace";
            /** @enum {string} */
            type: "renewal" | "declaration_of_use" | "maintenance_fee" | "annuity" | "term_end";
            windowOpensAt: string;
        };
        IpDeadlineList: {
            items: components["schemas"]["IpDeadline"][];
            nextCursor: string | null;
        };
        IpDeadlinesFeed: components["schemas"]["IpDeadlinesFeedToken"] & {
            token: string;
            url: string;
        };
        IpDeadlinesFeedInput: {
            label?: string;
            /** @default 365 */
            ttlDays: number;
        };
        IpDeadlinesFeedList: {
            items: components["schemas"]["IpDeadlinesFeedToken"][];
            nextCursor: string | null;
        };
        IpDeadlinesFeedToken: {
            createdAt: string;
            expiresAt: string;
            /** @example fdt_01JABCDEFGHJKMNPQRSTVWXYZ0 */
            id: string;
            label: string | null;
            revokedAt: string | null;
        };
        IpEvidence: {
            capturedAt: string | null;
            contentType: string | null;
            filename: string | null;
            id: string;
            /** @description The canonical record the ledger leaf hashes: SHA-256(0x00 ‖ leaf) = leafHash. */
            leaf: string;
            leafHash: string;
            ledger: {
                inclusionProof: string[];
                index: number;
                rootHash: string;
                treeSize: number;
            };
            receivedAt: string;
            sha256: string;
            size: number | null;
            /** @enum {string} */
            source: "file" | "url";
            title: string | null;
            url: string | null;
        };
        IpEvidenceList: {
            items: {
                capturedAt: string | null;
                contentType: string | null;
                filename: string | null;
                id: string;
                /** @description The canonical record the ledger leaf hashes: SHA-256(0x00 ‖ leaf) = leafHash. */
                leaf: string;
                leafHash: string;
                receivedAt: string;
                sha256: string;
                size: number | null;
                /** @enum {string} */
                source: "file" | "url";
                title: string | null;
                url: string | null;
            }[];
            nextCursor: string | null;
        };
        IpInfringer: {
            address?: string;
            /** @example DE */
            country?: string;
            /** Format: email */
            email?: string;
            /** @example pt-BR */
            language?: string;
            /** Format: uri */
            listingUrl?: string;
            name: string;
            platform?: string;
            storeName?: string;
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "name": "LUMEN",
         *           "owner": "Brand Owner GmbH",
         *           "jurisdiction": "EU",
         *           "niceClasses": [
         *             11
         *           ],
         *           "registrationNumber": "018000123",
         *           "status": "registered"
         *         }
         *       ]
         *     }
         */
        IpMarksImport: {
            items: {
                designations?: (string | "EU")[];
                /**
                 * @example EU
                 * @enum {string}
                 */
                jurisdiction: "US" | "EU" | "GB" | "CN" | "JP" | "KR" | "DE" | "FR" | "BR" | "IN" | "AU" | "CA" | "MX" | "SA" | "AE" | "WIPO";
                name: string;
                niceClasses: number[];
                owner: string;
                registrationNumber: string;
                /** @default registered */
                status: string;
            }[];
        };
        /**
         * @example {
         *       "status": "verified",
         *       "note": "USPTO record matches the seller's registrant details"
         *     }
         */
        IpOwnershipDecision: {
            note?: string;
            /** @enum {string} */
            status: "verified" | "rejected";
        };
        IpSignedTreeHead: {
            keyId: string;
            rootHash: string;
            signature: string;
            tenantId: string;
            timestamp: string;
            treeSize: number;
        };
        /**
         * @example {
         *       "url": "https://shop.example/listing/123",
         *       "title": "Counterfeit listing",
         *       "capturedAt": "2026-01-10T09:30:00Z"
         *     }
         */
        IpUrlCapture: {
            /** Format: date-time */
            capturedAt?: string;
            contentSha256?: string;
            contentType?: string;
            title?: string;
            /** Format: uri */
            url: string;
        };
        IssuedKey: {
            createdAt: string;
            hint: string;
            id: string;
            /** @description The plaintext key, shown once (only its hash is stored): null when the answer is an idempotent replay. */
            key: string | null;
            /** @enum {string} */
            kind: "secret" | "publishable";
        };
        /**
         * @example {
         *       "kind": "secret"
         *     }
         */
        IssueKey: {
            /** @enum {string} */
            kind: "secret" | "publishable";
        };
        Listing: {
            attributes: {
                [key: string]: unknown;
            };
            brand: string;
            category: string | null;
            description: string;
            holdReason?: string | null;
            /** @description Secret keys only: every reason the listing is held (`clearance`, `complaint`…); it is held while any remains. */
            holds?: {
                reason: string;
                since: string;
                source: string;
            }[];
            id: string;
            images: string[];
            locale: string;
            /** @description Every locale the listing has a translation in. */
            locales: string[];
            /** @description Secret keys only; empty = every market. */
            markets?: string[];
            price: components["schemas"]["LocalizedPrice"];
            sku: string;
            /**
             * @description Secret keys only.
             * @enum {string}
             */
            status?: "active" | "held";
            title: string;
            /** @description Secret keys only: send `If-Match: "lv<version>"` with a PATCH to refuse it (412) if the listing changed since. */
            version?: number;
        };
        /**
         * @example {
         *       "amount": 1999,
         *       "currency": "EUR"
         *     }
         */
        ListingMoney: components["schemas"]["Money"] & {
            amount?: number;
        };
        ListingPage: {
            items: components["schemas"]["Listing"][];
            nextCursor: string | null;
        };
        ListingTranslation: {
            description?: string;
            title: string;
        };
        LocalizedPrice: {
            amount: number;
            currency: string;
            formatted: string;
            taxIncluded: boolean;
        };
        MediaHeartbeat: {
            /** @example true */
            healthy: boolean;
            /**
             * @description Share of capacity in use, 0–1.
             * @example 0.42
             */
            load: number;
            /**
             * Format: date-time
             * @description When the sender took this reading (its clock, kept in sync). A beat no newer than the node's last one, or older than the TTL, is dropped as stale (a batch sent again after a timeout must not bring a dead node back), and a late one counts as heard when it was sent.
             * @example 2026-05-01T12:00:00.000Z
             */
            sentAt?: string;
        };
        /**
         * @example {
         *       "items": [
         *         {
         *           "nodeId": "frankfurt-am-main-1",
         *           "load": 0.42,
         *           "healthy": true
         *         },
         *         {
         *           "nodeId": "paris-1",
         *           "load": 0.1,
         *           "healthy": true
         *         }
         *       ]
         *     }
         */
        MediaHeartbeatBatch: {
            items: (components["schemas"]["MediaHeartbeat"] & {
                /** @example frankfurt-am-main-1 */
                nodeId: string;
            })[];
        };
        MediaHeartbeatBatchResult: {
            accepted: number;
            /** @description Node ids whose beats were dropped as stale (see `sentAt`). */
            stale: string[];
            /** @description Node ids this tenant has not registered; their beats were dropped. */
            unknown: string[];
        };
        MediaHeartbeatResult: {
            /** @description Not offered after this without another heartbeat. */
            expiresAt: string;
            id: string;
            offered: boolean;
            /** @description Dropped: its `sentAt` was no newer than the node's last beat's, or older than the TTL. */
            stale: boolean;
        };
        MediaNearest: {
            items: components["schemas"]["MediaNearestItem"][];
            origin: {
                country: string | null;
                parties: {
                    lat: number;
                    lon: number;
                }[];
                /** @enum {string} */
                source: "peers" | "query" | "edge" | "country";
            };
            policy: components["schemas"]["MediaPolicyApplied"];
            room?: components["schemas"]["MediaRoomPlacement"];
            /** @description How old the live-node snapshot that answered is: ≤ SNAPSHOT_MAX_AGE_MS, or up to 5 s more while the registry cannot be asked. */
            snapshotAgeMs: number;
        };
        MediaNearestItem: {
            /** @description Great-circle distance to the buyer (the farther peer for a 1v1). */
            distanceKm: number;
            /** @description Estimated round trip (the worse peer's for a 1v1). */
            estimatedRttMs: number;
            id: string;
            load: number;
            /** @description For a 1v1: each peer's estimated RTT. */
            peerRttMs?: number[];
            region: string;
            url: string;
        };
        MediaNode: components["schemas"]["MediaNodeInput"] & {
            id: string;
            /** @description The last heartbeat; null before the first one. */
            live: {
                healthy: boolean;
                lastHeartbeatAt: string;
                load: number;
                offered: boolean;
            } | null;
            residency: string | null;
        };
        MediaNodeInput: {
            /**
             * @description Concurrent sessions; 0 drains the node.
             * @example 2000
             */
            capacity: number;
            /** @example 50.1155 */
            lat: number;
            /** @example 8.6842 */
            lon: number;
            /**
             * @example europe
             * @enum {string}
             */
            region: "north-america" | "europe" | "oceania" | "asia" | "middle-east" | "south-america" | "africa";
            /**
             * @description Country whose jurisdiction the node's data sits in; residency policies match on it. Absent or null: none (no residency rule allows the node).
             * @example DE
             */
            residency?: string | null;
            /**
             * Format: uri
             * @example wss://frankfurt-am-main-1.media.example.com
             */
            url: string;
        };
        MediaNodeList: {
            items: components["schemas"]["MediaNode"][];
            nextCursor: string | null;
        };
        MediaPolicyApplied: {
            /** @description True when the policy kept the buyer off the node that would otherwise have come first. */
            changedChoice: boolean;
            /** @description A `prefer` rule with no allowed node up: served from anywhere. */
            fellBack: boolean;
            /** @description Index of the residency rule that covered the buyer; null when none did. */
            rule: number | null;
        };
        /**
         * @example {
         *       "rules": [
         *         {
         *           "buyers": "EU",
         *           "nodes": "EU",
         *           "mode": "require"
         *         },
         *         {
         *           "buyers": [
         *             "CN"
         *           ],
         *           "nodes": "in-country",
         *           "mode": "require"
         *         }
         *       ]
         *     }
         */
        MediaResidencyPolicy: {
            rules: components["schemas"]["MediaResidencyRule"][];
        };
        /**
         * @example {
         *       "rules": [
         *         {
         *           "buyers": "EU",
         *           "nodes": "EU",
         *           "mode": "require"
         *         },
         *         {
         *           "buyers": [
         *             "CN"
         *           ],
         *           "nodes": "in-country",
         *           "mode": "require"
         *         }
         *       ],
         *       "isDefault": false
         *     }
         */
        MediaResidencyPolicyAnswer: components["schemas"]["MediaResidencyPolicy"] & {
            /** @description True until the tenant sets a policy of its own. */
            isDefault: boolean;
        };
        MediaResidencyRule: {
            /**
             * @description "EU" or a list of ISO countries the rule covers.
             * @example EU
             */
            buyers: "EU" | string[];
            /**
             * @description `require`: never elsewhere (an unsatisfiable lookup is a 503 problem); `prefer`: elsewhere only while no allowed node is up.
             * @default require
             * @enum {string}
             */
            mode: "require" | "prefer";
            /**
             * @description Where their sessions may go: "EU", "in-country" (the buyer's own country) or a list of countries.
             * @example EU
             */
            nodes: "EU" | string[] | "in-country";
        };
        MediaRoomPlacement: {
            id: string;
            nodeId: string | null;
            /**
             * @description `kept`/`assigned`/`moved`: the room's node comes first. `not-allowed`: the room's node (`nodeId`) is outside this buyer's residency; the node the room's other such buyers share comes first. `unplaced`: no node could take the room; `pending`: placed on a node this answer's snapshot does not hold yet (ask again within a second); `deferred`: the tenant's budget of new rooms named by publishable keys is spent for now (the room is not placed; a secret key's ask always places it). In these three the buyer's own best node comes first.
             * @enum {string}
             */
            status: "kept" | "assigned" | "moved" | "not-allowed" | "unplaced" | "pending" | "deferred";
        };
        /**
         * @example {
         *       "amount": 1999,
         *       "currency": "EUR"
         *     }
         */
        Money: {
            amount: number;
            /** @example EUR */
            currency: string;
        };
        PatchListing: {
            attributes?: {
                [key: string]: string | number | boolean;
            };
            brand?: string;
            category?: string | null;
            /** @example pt-BR */
            defaultLocale?: string;
            images?: string[];
            markets?: string[] | null;
            price?: components["schemas"]["ListingMoney"];
            prices?: {
                [key: string]: components["schemas"]["ListingMoney"];
            };
            translations?: {
                [key: string]: components["schemas"]["ListingTranslation"] & (Record<string, never> | null);
            };
        };
        PaymentAttempt: {
            attemptNo: number;
            code: string | null;
            createdAt: string;
            idempotencyKey: string;
            latencyMs: number | null;
            outcome: string | null;
            /**
             * @example adyen
             * @enum {string}
             */
            provider: "stripe" | "adyen";
            providerRef: string | null;
            /** @enum {string} */
            status: "pending" | "authorized" | "captured" | "requires_action" | "declined" | "error" | "unknown";
        };
        PaymentIntent: {
            amount: number;
            amountCaptured: number;
            amountRefunded: number;
            attempts: components["schemas"]["PaymentAttempt"][];
            /** @enum {string} */
            captureMethod: "automatic" | "manual";
            /** @example DE */
            country: string;
            createdAt: string;
            /** @example EUR */
            currency: string;
            /** @example €25.00 */
            formattedAmount: string;
            id: string;
            lastError: string | null;
            method: string;
            nextAction: components["schemas"]["PaymentNextAction"];
            /** @description A capture or cancel the provider has not clearly answered (it may have acted); none other can start until it settles. */
            pending: {
                /** @enum {string} */
                action: "capture" | "cancel";
                amount: number | null;
                since: string;
            } | null;
            /**
             * @example adyen
             * @enum {string|null}
             */
            provider: "stripe" | "adyen" | null;
            refunds: components["schemas"]["Refund"][];
            route: components["schemas"]["PaymentRoute"];
            /** @enum {string} */
            status: "requires_confirmation" | "processing" | "requires_action" | "requires_capture" | "succeeded" | "failed" | "canceled";
            updatedAt: string;
        };
        PaymentIntentList: {
            items: components["schemas"]["PaymentIntent"][];
            nextCursor: string | null;
        };
        PaymentMethodOption: {
            displayName: string;
            /** @enum {string} */
            kind: "card" | "wallet" | "bank" | "bnpl";
            maxAmount?: number;
            /**
             * @example ideal
             * @enum {string}
             */
            method: "card_visa" | "card_mastercard" | "card_amex" | "card_jcb" | "card_unionpay" | "card_cb" | "mada" | "knet" | "benefit" | "apple_pay" | "google_pay" | "paypal" | "alipay" | "wechat_pay" | "paypay" | "gcash" | "grabpay" | "kakaopay" | "twint" | "swish" | "gopay" | "ideal" | "bancontact" | "eps" | "blik" | "sepa_debit" | "pix" | "boleto" | "oxxo" | "spei" | "upi" | "promptpay" | "paynow" | "fpx" | "konbini" | "klarna" | "afterpay" | "tabby";
            minAmount?: number;
            /**
             * @example adyen
             * @enum {string}
             */
            provider: "stripe" | "adyen";
            /** @description Approximate share of local e-commerce value, percent. */
            share: number;
            source: string;
        };
        /** @description What the buyer must do for the payment to go on, while the intent is `requires_action` (null otherwise, and when the provider asked for a step this API has no shape for, such as card 3-D Secure through the provider's SDK or a voucher: the route's trace then says so). Cleared when the intent leaves `requires_action`. URLs are https. */
        PaymentNextAction: components["schemas"]["PaymentNextActionRedirect"] | components["schemas"]["PaymentNextActionQrCode"] | null;
        PaymentNextActionQrCode: {
            /**
             * @description The QR code's contents: render it for the buyer to scan with their banking app (Pix also offers it to copy).
             * @example 00020101021226880014br.gov.bcb.pix2566qrcodes-pix.example/v2/cobv/9d36b84f
             */
            data: string;
            /** @description When the code stops being payable (RFC 3339 UTC), when the provider said. */
            expiresAt?: string;
            /** @description The provider's PNG of the code (an https URL), when it gave one. */
            imageUrl?: string;
            /** @enum {string} */
            type: "display_qr_code";
        };
        PaymentNextActionRedirect: {
            /** @description The form's fields, for a POST. */
            data?: {
                [key: string]: string;
            };
            /**
             * @description GET: navigate to `url`. POST: submit a form to `url` with `data` as its fields.
             * @enum {string}
             */
            method: "GET" | "POST";
            /** @description Where the provider sends the buyer back: the confirm's `returnUrl`. */
            returnUrl: string | null;
            /** @enum {string} */
            type: "redirect_to_url";
            /**
             * @description The provider's page (an https URL): send the buyer there.
             * @example https://checkoutshopper-live.adyen.com/checkoutshopper/checkoutPaymentRedirect?redirectData=X6Xtf
             */
            url: string;
        };
        PaymentReviewItem: {
            /** @description Integer minor units: the capture's or refund's amount, the intent's for a cancel or charge. */
            amount: number;
            /** @description What to look up at the provider, and what each finding means. */
            check: string;
            /** @example EUR */
            currency: string;
            /** @example €10.00 */
            formattedAmount: string;
            intentId: string;
            /**
             * @description A capture or cancel left pending, a refund left pending, or a charge stuck in `processing`.
             * @enum {string}
             */
            kind: "capture" | "cancel" | "refund" | "charge";
            /** @description Why it is in review. */
            note: string;
            /** @description The provider's reference of the payment it acts on; null for a charge whose outcome was never learnt. */
            paymentRef: string | null;
            /**
             * @example adyen
             * @enum {string}
             */
            provider: "stripe" | "adyen";
            /** @description What it was sent to the provider under (reference and idempotency key): search the provider by it. */
            reference: string;
            /** @description The refund's id when `kind` is refund. */
            refundId: string | null;
            /** @description When it was sent to the provider (RFC 3339 UTC). */
            sentAt: string;
            /** @description When reconciliation moved it to review (RFC 3339 UTC). */
            since: string;
        };
        PaymentReviewList: {
            items: components["schemas"]["PaymentReviewItem"][];
            nextCursor: string | null;
        };
        PaymentRoute: {
            fallbacks: ("stripe" | "adyen")[];
            method: string;
            /**
             * @example adyen
             * @enum {string}
             */
            provider: "stripe" | "adyen";
            trace: string[];
        };
        Ping: {
            service: string;
            /** @enum {string} */
            status: "ok";
        };
        PingDb: components["schemas"]["Ping"] & {
            tenant: string;
        };
        Problem: {
            code: string;
            detail: string;
            errors?: {
                message: string;
                path: string;
            }[];
            status: number;
            title: string;
            type: string;
        };
        ProviderHealth: {
            attempts: number;
            /** @enum {string} */
            circuit: "closed" | "open" | "half_open";
            consecutiveFailures: number;
            p50Ms: number | null;
            p95Ms: number | null;
            /**
             * @example adyen
             * @enum {string}
             */
            provider: "stripe" | "adyen";
            /** @description Authorized share of attempts over the window (null: no attempts). */
            successRate: number | null;
            windowSeconds: number;
        };
        Refund: {
            amount: number;
            createdAt: string;
            /** @example EUR */
            currency: string;
            id: string;
            intentId: string;
            providerRef: string | null;
            reason: string | null;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
        };
        ResolveReviewItem: {
            /**
             * @description What the provider shows: the capture, cancel or refund was carried out, or the charge authorised (done); or it was refused, cancelled, expired or is not there (not_done). A charge still pending at the provider is left unresolved: its notification settles it.
             * @enum {string}
             */
            outcome: "done" | "not_done";
            /**
             * @description The provider's reference, required to mark a refund done (of the refund: Stripe re_…, Adyen's pspReference) or a charge done (of the payment: Stripe pi_…, Adyen's pspReference); not taken otherwise. At a provider that can read it by its reference (Stripe) it is looked up there first: a charge's payment must be that charge's (of its intent, amount and currency, and authorised), a refund's must be that refund paid out (on the intent's payment, of its amount and currency, and succeeded there); one the provider does not know is a 422 `provider_ref_unknown`, another a 422 `provider_ref_mismatch`, and no clear answer from the provider a 502.
             * @example QFQTPCQ8HXSKGK82
             */
            providerRef?: string;
            /**
             * @description The item's `reference` as the review list shows it: only that item is resolved, and a retry is answered by its resolution. Required on an intent that has had an item resolved before (one after another: a charge, then its capture). One that names no item of the intent (or is not the refund's) is a 422 `unknown_reference`.
             * @example pi_01JABCDEFGHJKMNPQRSTVWXYZ0:1
             */
            reference?: string;
        };
        /**
         * @example {
         *       "name": "NL iDEAL via Adyen",
         *       "match": {
         *         "countries": [
         *           "NL"
         *         ],
         *         "methods": [
         *           "ideal"
         *         ]
         *       },
         *       "route": {
         *         "type": "provider",
         *         "provider": "adyen",
         *         "fallbacks": [
         *           "stripe"
         *         ]
         *       }
         *     }
         */
        RoutingRule: {
            match: {
                countries?: string[];
                currencies?: string[];
                maxAmount?: number;
                methods?: ("card_visa" | "card_mastercard" | "card_amex" | "card_jcb" | "card_unionpay" | "card_cb" | "mada" | "knet" | "benefit" | "apple_pay" | "google_pay" | "paypal" | "alipay" | "wechat_pay" | "paypay" | "gcash" | "grabpay" | "kakaopay" | "twint" | "swish" | "gopay" | "ideal" | "bancontact" | "eps" | "blik" | "sepa_debit" | "pix" | "boleto" | "oxxo" | "spei" | "upi" | "promptpay" | "paynow" | "fpx" | "konbini" | "klarna" | "afterpay" | "tabby")[];
                minAmount?: number;
            };
            name?: string;
            route: {
                fallbacks?: ("stripe" | "adyen")[];
                /**
                 * @example adyen
                 * @enum {string}
                 */
                provider: "stripe" | "adyen";
                /** @enum {string} */
                type: "provider";
            } | {
                fallbacks?: ("stripe" | "adyen")[];
                split: {
                    /**
                     * @example adyen
                     * @enum {string}
                     */
                    provider: "stripe" | "adyen";
                    weight: number;
                }[];
                /** @enum {string} */
                type: "split";
            } | {
                providers: ("stripe" | "adyen")[];
                /** @enum {string} */
                type: "chain";
            };
        };
        RoutingRules: {
            rules: components["schemas"]["RoutingRule"][];
        };
        /**
         * @example {
         *       "stripe": {
         *         "mode": "outage"
         *       },
         *       "adyen": {
         *         "mode": "ok"
         *       }
         *     }
         */
        SimulatorScenario: {
            [key: string]: {
                answerAfterMs?: number;
                latencyMs?: number;
                /** @enum {string} */
                mode: "ok" | "outage" | "soft_decline" | "hard_decline" | "requires_action" | "three_ds" | "timeout" | "server_error";
            };
        };
        TenantCreated: {
            createdAt: string;
            id: string;
            /** @description The plaintext keys, shown once: null when the answer is an idempotent replay. */
            keys: {
                publishable: string | null;
                /** @description Shown once; only its hash is stored. */
                secret: string | null;
            };
            name: string;
            /** @enum {string} */
            plan: "standard" | "high";
        };
        Whoami: {
            /** @enum {string} */
            keyKind: "secret" | "publishable";
            /**
             * @description The tenant's plan, which sets each key's request budget; told to secret keys only (publishable keys ship to browsers).
             * @enum {string}
             */
            plan?: "standard" | "high";
            tenantId: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every service answers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description At least one service is down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    ping: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
        };
    };
    decideAssetOwnership: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IpOwnershipDecision"];
            };
        };
        responses: {
            /** @description The right with the decision */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpAsset"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importMarks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["IpMarksImport"];
                "text/csv": string;
            };
        };
        responses: {
            /** @description Counts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        imported: number;
                        updated: number;
                    };
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putPaymentSimulator: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SimulatorScenario"];
            };
        };
        responses: {
            /** @description The scenario in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimulatorScenario"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resetPaymentSimulator: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The scenario in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SimulatorScenario"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTenant: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTenant"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TenantCreated"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTenantKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Keys */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ApiKey"][];
                    };
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTenantKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssueKey"];
            };
        };
        responses: {
            /** @description Issued */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedKey"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeTenantKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    setFxRates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FxRates"];
            };
        };
        responses: {
            /** @description The rates now in force for this tenant */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        rates: {
                            [key: string]: string;
                        };
                        setAt: string;
                    };
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listListings: {
        parameters: {
            query?: {
                category?: string;
                country?: string;
                currency?: string;
                /** @description Opaque cursor from a previous page's nextCursor. */
                cursor?: string;
                limit?: number;
                locale?: string;
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of listings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListingPage"];
                };
            };
            /** @description Not modified (If-None-Match) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createListing: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateListing"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedListing"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getListing: {
        parameters: {
            query?: {
                country?: string;
                currency?: string;
                locale?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The listing */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Listing"];
                };
            };
            /** @description Not modified (If-None-Match) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            451: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteListing: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateListing: {
        parameters: {
            query?: never;
            header?: {
                /** @description `"lv<version>"` (refused with 412 once the listing moved past it; a weak `W/` tag never matches) or `*` (merged like no header) */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PatchListing"];
            };
        };
        responses: {
            /** @description Updated (`ETag` is the new version) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        clearance: components["schemas"]["ClearanceResult"];
                        id: string;
                        sku: string;
                        /** @enum {string} */
                        status: "active" | "held";
                    };
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    catalogPing: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service is reachable */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ping"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    catalogPingDb: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service and its database are reachable */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PingDb"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    chatPing: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service is reachable */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ping"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    chatPingDb: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service and its database are reachable */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PingDb"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRooms: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's nextCursor. */
                cursor?: string;
                kind?: "direct" | "group" | "live";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of rooms */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatRoomList"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createRoom: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRoom"];
            };
        };
        responses: {
            /** @description The room */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatRoom"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRoom: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The room */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatRoom"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    connectRoom: {
        parameters: {
            query?: {
                token?: string;
                v?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Switching to the WebSocket protocol */
            101: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            426: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRoomMessages: {
        parameters: {
            query?: {
                afterSeq?: number | null;
                /** @description Opaque cursor from a previous page's nextCursor. */
                cursor?: string;
                limit?: number;
                token?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of history */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatHistory"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    publishRoomMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChatPublish"];
            };
        };
        responses: {
            /** @description Already published with this clientMsgId: the first message's seq */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatPublished"];
                };
            };
            /** @description Sequenced and delivered */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatPublished"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createChatToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChatTokenRequest"];
            };
        };
        responses: {
            /** @description The token */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatToken"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAssets: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's nextCursor. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of rights */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpAssetList"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createAsset: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IpAssetInput"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpAsset"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The right */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpAsset"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCases: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's nextCursor. */
                cursor?: string;
                limit?: number;
                stage?: "evidence" | "warning_letter" | "platform_complaint" | "administrative_complaint" | "litigation" | "resolved" | "closed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of cases */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpCaseList"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createCase: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IpCaseInput"];
            };
        };
        responses: {
            /** @description Opened */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpCase"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The case */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpCase"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    advanceCase: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IpCaseAdvance"];
            };
        };
        responses: {
            /** @description Moved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpCase"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    attachCaseEvidence: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IpCaseAttach"];
            };
        };
        responses: {
            /** @description Attached */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpCase"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCaseLetter: {
        parameters: {
            query?: {
                lang?: "en" | "de" | "fr" | "es" | "zh";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rendered letter */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        body: string;
                        language: string;
                        subject: string;
                    };
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCasePacket: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Packet */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    checkClearance: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IpClearanceInput"];
            };
        };
        responses: {
            /** @description Clearance result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClearanceResult"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listComplaints: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's nextCursor. */
                cursor?: string;
                limit?: number;
                status?: "open" | "accepted" | "countered" | "in_court" | "restored";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of complaints */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpComplaintList"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createComplaint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IpComplaintInput"];
            };
        };
        responses: {
            /** @description Recorded; listing held */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpComplaint"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getComplaint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The complaint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpComplaint"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recordComplaintCourtAction: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IpCourtActionInput"];
            };
        };
        responses: {
            /** @description Recorded; the listing stays held */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpComplaint"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    respondToComplaint: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IpComplaintResponse"];
            };
        };
        responses: {
            /** @description Answered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpComplaint"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listDeadlines: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's nextCursor. */
                cursor?: string;
                limit?: number;
                withinDays?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deadlines by due date, a page at a time */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpDeadlineList"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDeadlinesCalendar: {
        parameters: {
            query?: {
                token?: string;
                withinDays?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description text/calendar */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/calendar": string;
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listDeadlinesFeeds: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's nextCursor. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of feed tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpDeadlinesFeedList"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createDeadlinesFeed: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["IpDeadlinesFeedInput"];
            };
        };
        responses: {
            /** @description The feed URL (a path: prefix the API host) and its token */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpDeadlinesFeed"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeDeadlinesFeed: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpDeadlinesFeedToken"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEvidence: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's nextCursor. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpEvidenceList"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    addEvidence: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["IpUrlCapture"];
                "multipart/form-data": {
                    /** Format: date-time */
                    capturedAt?: string;
                    /** Format: binary */
                    file?: string;
                    title?: string;
                    /** Format: uri */
                    url?: string;
                };
            };
        };
        responses: {
            /** @description Recorded and anchored */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpEvidence"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEvidence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Evidence, proof and signed tree head */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpEvidence"] & {
                        treeHead: components["schemas"]["IpSignedTreeHead"];
                    };
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLedgerHead: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed tree head */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IpSignedTreeHead"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLedgerKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JWK set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keys: {
                            alg: string;
                            crv: string;
                            current: boolean;
                            kid: string;
                            kty: string;
                            use: string;
                            validFrom: string;
                            validUntil?: string;
                            x: string;
                        }[];
                    };
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getConsistencyProof: {
        parameters: {
            query?: {
                first?: number;
                second?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Consistency path */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        first: number;
                        firstRoot: string;
                        path: string[];
                        second: number;
                        secondRoot: string;
                    };
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInclusionProof: {
        parameters: {
            query?: {
                index?: number;
                treeSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Audit path, leaf side first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        index: number;
                        leafHash: string;
                        path: string[];
                        rootHash: string;
                        treeSize: number;
                    };
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ipPing: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service is reachable */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ping"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ipPingDb: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service and its database are reachable */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PingDb"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    whoami: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Whoami"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A publishable key on a route that needs a secret key */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    heartbeatNodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MediaHeartbeatBatch"];
            };
        };
        responses: {
            /** @description Recorded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaHeartbeatBatchResult"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    findNearestNodes: {
        parameters: {
            query?: {
                count?: number;
                /** @description The buyer's country: residency rules match on it, and its centroid stands in for a missing location. */
                country?: string;
                lat?: number;
                lon?: number;
                /** @description A 1v1 call: both parties' lat,lon; the node best for both (smallest worst RTT) comes first. */
                peers?: string;
                /** @description Everyone asking with the same room gets the same first node while it is healthy and has a free session. A room is placed (then kept) near its first asker: a secret key's location, or with a publishable key the edge's location, never the `lat`/`lon`/`peers` it sends (the edge knowing nothing, by the room id alone, and the next asker it can locate anchors the room's later moves). The first secret-key ask that says where the room's audience is (`lat`/`lon`, `peers` or `country`) re-anchors a room a publishable key anchored. Rooms a publishable key names that the tenant did not make (its chat rooms) are kept in a bounded pool of their own, so they can never push out a room the tenant made or placed with a secret key; and publishable keys may be first to name only so many rooms a second per tenant (past that: `room.status` `deferred`). */
                room?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Nodes, best first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaNearest"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listNodes: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's nextCursor. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of nodes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaNodeList"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                nodeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The node */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaNode"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putNode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                nodeId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MediaNodeInput"];
            };
        };
        responses: {
            /** @description Replaced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaNode"];
                };
            };
            /** @description Registered */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaNode"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteNode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                nodeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    heartbeatNode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                nodeId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MediaHeartbeat"];
            };
        };
        responses: {
            /** @description Recorded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaHeartbeatResult"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    mediaPing: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service is reachable */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ping"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The policy in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaResidencyPolicyAnswer"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MediaResidencyPolicy"];
            };
        };
        responses: {
            /** @description The policy now in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MediaResidencyPolicyAnswer"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listIntents: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's nextCursor. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntentList"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createIntent: {
        parameters: {
            query?: never;
            header: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePaymentIntent"];
            };
        };
        responses: {
            /** @description Created, in requires_confirmation */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getIntent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The intent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelIntent: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            /** @description The provider gave no clear answer, or only received the cancel (Adyen): it is pending (see `pending`) and settles by the provider's event, by reconciliation, or by a retry where the provider answers clearly. A retry under the same Idempotency-Key replays this 202: retry without it, or read the intent, to see it settled. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    captureIntent: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CaptureIntent"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            /** @description The provider gave no clear answer, or only received the capture (Adyen): it is pending (see `pending`) and settles by the provider's event, by reconciliation, or by a retry where the provider answers clearly. A retry under the same Idempotency-Key replays this 202: retry without it, or read the intent, to see it settled. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    completeIntent: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CompletePaymentIntent"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    confirmIntent: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ConfirmPaymentIntent"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refundIntent: {
        parameters: {
            query?: never;
            header: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key": string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CreateRefund"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description The provider gave no clear answer, only received the refund (Adyen) or has not paid it out yet (a Stripe refund `pending`): it is pending, its amount held, until the provider's event or reconciliation settles it */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPaymentMethods: {
        parameters: {
            query: {
                /** @description Minor units; methods whose limits exclude it are left out. */
                amount?: number;
                /** @description The buyer's country; defaults to the edge's (`X-Country` locally). */
                country?: string;
                currency: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ranked methods */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @example DE */
                        country: string;
                        /** @example EUR */
                        currency: string;
                        items: components["schemas"]["PaymentMethodOption"][];
                    };
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    paymentsPing: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service is reachable */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ping"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    paymentsPingDb: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service and its database are reachable */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PingDb"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listProviders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Provider health */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ProviderHealth"][];
                    };
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPaymentReview: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's nextCursor. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentReviewList"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resolvePaymentReview: {
        parameters: {
            query?: never;
            header?: {
                /** @description A client-chosen unique key (≤ 255 printable ASCII characters, kept 24 h). A retry with the same key and body replays the first answer with `Idempotent-Replayed: true`; the same key with another body is a 409. A multipart/form-data body counts as its fields and files in order, whatever its boundary, so a form encoded again is the same body. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResolveReviewItem"];
            };
        };
        responses: {
            /** @description The intent, settled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntent"];
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRouting: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The rules in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoutingRules"] & {
                        updatedAt: string | null;
                    };
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putRouting: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RoutingRules"];
            };
        };
        responses: {
            /** @description The rules now in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoutingRules"] & {
                        updatedAt: string;
                    };
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is larger than the API accepts */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    receiveProviderWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                provider: "stripe" | "adyen";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted (Adyen gets `[accepted]`) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        outcomes: string[];
                        received: boolean;
                    };
                };
            };
            /** @description Problem details (RFC 9457) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over the client's or the key's request budget; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (RFC 9457) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
