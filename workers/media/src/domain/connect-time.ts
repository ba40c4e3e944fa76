/**
 * How long a WebRTC call takes to connect through a media node (an SFU), for
 * the coverage simulation. Each party, over its own round-trip time to the
 * node: 1 RTT to join (offer/answer over the already-open signalling socket),
 * 1 RTT for the ICE connectivity check (STUN binding request/response), 2 RTTs
 * for the DTLS 1.2 full handshake (RFC 6347: two flights each way; WebRTC
 * needs no cookie exchange), then media flows: 4 RTTs in all. Plus a fixed
 * 100 ms for local work (ICE candidate gathering of host candidates, SDP
 * processing, DTLS key exchange crypto, SRTP key derivation).
 * A 1v1 call is connected when the slower party is.
 */
export const CONNECT_ROUND_TRIPS = 4;
export const CONNECT_FIXED_MS = 100;

/** Connect time for one party with `rttMs` to the node. */
export const connectTimeMs = (rttMs: number) => CONNECT_FIXED_MS + CONNECT_ROUND_TRIPS * rttMs;

/** Connect time of a call: the slowest party's. */
export const callConnectTimeMs = (rttsMs: number[]) => connectTimeMs(Math.max(...rttsMs));
