// Verification of the evidence ledger's proofs and signed tree heads (RFC 9162 §2.1), for anyone:
// plain JavaScript on WebCrypto, so Workers, browsers and Node (scripts/verify-proof.mjs) share it.
// Every check answers true or false and never throws on forged or truncated input.

// Table-driven: every append hashes a few dozen nodes, and a regex, `slice` and `parseInt` per byte were a
// tenth of the ledger's CPU (profiled).
const HEX_DIGITS = "0123456789abcdef";
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => HEX_DIGITS[b >> 4] + HEX_DIGITS[b & 15]);
/** A lower-case hex digit's value by char code; -1 for anything else (upper case included). */
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) NIBBLE[HEX_DIGITS.charCodeAt(i)] = i;

/** Bytes of a lower-case hex string; null when it is not one. */
export function fromHex(hex) {
  if (typeof hex !== "string" || hex.length % 2 !== 0) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const a = hex.charCodeAt(2 * i);
    const b = hex.charCodeAt(2 * i + 1);
    const hi = a < 128 ? NIBBLE[a] : -1;
    const lo = b < 128 ? NIBBLE[b] : -1;
    if (hi < 0 || lo < 0) return null;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Lower-case hex of bytes. */
export function toHex(bytes) {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += BYTE_HEX[bytes[i]];
  return out;
}

const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) (out.set(p, offset), (offset += p.length));
  return out;
}

/** RFC 9162 leaf hash: SHA-256(0x00 ‖ leaf). */
export const leafHash = (leaf) => sha256(concat(Uint8Array.of(0), typeof leaf === "string" ? new TextEncoder().encode(leaf) : leaf));

/** RFC 9162 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export const nodeHash = (left, right) => sha256(concat(Uint8Array.of(1), left, right));

const isSize = (n) => Number.isSafeInteger(n) && n >= 0;
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const hashes = (list) => {
  if (!Array.isArray(list)) return null;
  const out = list.map(fromHex);
  return out.every((h) => h && h.length === 32) ? out : null;
};

/**
 * RFC 9162 §2.1.3.2: does `path` prove that the leaf with hash `leafHashHex`
 * sits at `index` in the tree of `treeSize` leaves whose root is `rootHex`?
 */
export async function verifyInclusion(proof) {
  try {
    const { leafHash: leafHex, index, treeSize, path, rootHash: rootHex } = proof;
    const leaf = fromHex(leafHex);
    const root = fromHex(rootHex);
    const nodes = hashes(path);
    if (!leaf || leaf.length !== 32 || !root || root.length !== 32 || !nodes) return false;
    if (!isSize(index) || !isSize(treeSize) || index >= treeSize) return false;
    let fn = index;
    let sn = treeSize - 1;
    let r = leaf;
    for (const p of nodes) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = await nodeHash(p, r);
        if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) (fn /= 2, (sn = Math.floor(sn / 2)));
      } else r = await nodeHash(r, p);
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && equal(r, root);
  } catch {
    return false;
  }
}

/**
 * RFC 9162 §2.1.4.2: does `path` prove that the tree of `first` leaves with
 * root `firstRoot` is a prefix of the tree of `second` leaves with root `secondRoot`?
 */
export async function verifyConsistency(proof) {
  try {
    const { first, second, firstRoot: firstHex, secondRoot: secondHex, path } = proof;
    const firstRoot = fromHex(firstHex);
    const secondRoot = fromHex(secondHex);
    const given = hashes(path);
    if (!firstRoot || firstRoot.length !== 32 || !secondRoot || secondRoot.length !== 32 || !given) return false;
    if (!isSize(first) || !isSize(second) || first > second) return false;
    if (first === second) return given.length === 0 && equal(firstRoot, secondRoot);
    if (first === 0) return given.length === 0 && equal(firstRoot, await sha256(new Uint8Array()));
    if (given.length === 0) return false;
    const nodes = (first & (first - 1)) === 0 ? [firstRoot, ...given] : given;
    let fn = first - 1;
    let sn = second - 1;
    while (fn % 2 === 1) (fn = Math.floor(fn / 2), (sn = Math.floor(sn / 2)));
    let fr = nodes[0];
    let sr = nodes[0];
    for (const c of nodes.slice(1)) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        fr = await nodeHash(c, fr);
        sr = await nodeHash(c, sr);
        if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) (fn /= 2, (sn = Math.floor(sn / 2)));
      } else sr = await nodeHash(sr, c);
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return equal(fr, firstRoot) && equal(sr, secondRoot) && sn === 0;
  } catch {
    return false;
  }
}

/** The bytes a signed tree head's signature covers: the tenant, so one tenant's head cannot pass for another's. */
export const sthMessage = ({ tenantId, treeSize, rootHash, timestamp }) =>
  new TextEncoder().encode(`ecp-ledger-sth/v1\n${tenantId}\n${treeSize}\n${rootHash}\n${timestamp}`);

const fromBase64Url = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const toBase64Url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** RFC 7638 thumbprint of an Ed25519 public JWK: the key id tree heads name. */
export async function keyId(jwk) {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return toBase64Url(await sha256(new TextEncoder().encode(canonical)));
}

/** Checks a signed tree head's Ed25519 signature against a public JWK (and its key id when the head names one). */
export async function verifyTreeHead(sth, publicJwk) {
  try {
    if (!sth || typeof sth.signature !== "string" || !isSize(sth.treeSize) || !fromHex(sth.rootHash)) return false;
    if (sth.keyId !== undefined && sth.keyId !== (await keyId(publicJwk))) return false;
    const key = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: publicJwk.x }, { name: "Ed25519" }, false, ["verify"]);
    return await crypto.subtle.verify({ name: "Ed25519" }, key, fromBase64Url(sth.signature), sthMessage(sth));
  } catch {
    return false;
  }
}

export { toBase64Url };
