// Verifies an evidence ledger proof offline, with nothing but the ledger's public key.
//
//   npm run verify-proof -- --key keys.json --bundle evidence.json [--file original.png]
//   npm run verify-proof -- --key keys.json --sth sth.json --proof inclusion.json
//
// keys.json: GET /v1/ip/ledger/keys (or one public JWK). evidence.json: GET /v1/ip/evidence/:id.
// sth.json: GET /v1/ip/ledger. inclusion.json: GET /v1/ip/ledger/proofs/inclusion?index=…
// Exits 0 when every check passes, 1 when one fails, 2 on bad usage.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { leafHash, toHex, verifyInclusion, verifyTreeHead } from "../shared/ledger/verify.mjs";

const usage = () => {
  console.error("usage: verify-proof --key <jwks.json> (--bundle <evidence.json> [--file <original>] | --sth <sth.json> --proof <inclusion.json>)");
  process.exit(2);
};

let args;
try {
  args = parseArgs({ options: { key: { type: "string" }, bundle: { type: "string" }, sth: { type: "string" }, proof: { type: "string" }, file: { type: "string" } } }).values;
} catch {
  usage();
}
if (!args.key || (!args.bundle && !(args.sth && args.proof))) usage();

const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    console.error(`cannot read ${file}: ${err.message}`);
    process.exit(2);
  }
};

const keys = readJson(args.key);
const candidates = Array.isArray(keys.keys) ? keys.keys : [keys];
let sth;
let proof;
const checks = [];

if (args.bundle) {
  const e = readJson(args.bundle);
  sth = e.treeHead;
  proof = { leafHash: e.leafHash, index: e.ledger?.index, treeSize: e.ledger?.treeSize, path: e.ledger?.inclusionProof, rootHash: e.ledger?.rootHash };
  if (typeof e.leaf === "string") checks.push(["leaf record hashes to leafHash", toHex(await leafHash(e.leaf)) === e.leafHash]);
  if (args.file) {
    const digest = createHash("sha256").update(readFileSync(args.file)).digest("hex");
    checks.push(["file matches the recorded sha256", digest === e.sha256 && JSON.parse(e.leaf ?? "{}").sha256 === digest]);
  }
} else {
  sth = readJson(args.sth);
  proof = readJson(args.proof);
}

const key = candidates.find((k) => !sth?.keyId || k.kid === undefined || k.kid === sth.keyId) ?? candidates[0];
checks.unshift(["tree head signature (Ed25519)", await verifyTreeHead(sth, key)]);
checks.push(["proof is for the signed tree size", proof.treeSize === sth?.treeSize]);
checks.push(["inclusion proof reaches the signed root", await verifyInclusion({ ...proof, rootHash: sth?.rootHash })]);

for (const [what, ok] of checks) console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
const passed = checks.every(([, ok]) => ok);
console.log(passed ? `verified: leaf ${proof.index} of ${sth.treeSize}, root ${sth.rootHash}` : "NOT verified");
process.exit(passed ? 0 : 1);
