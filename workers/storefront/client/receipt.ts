// The evidence receipt, verified in the browser with the same code the CLI uses (shared/ledger/verify.mjs,
// WebCrypto): the tree head's Ed25519 signature against the published key, the leaf record against its
// hash and the file's SHA-256, and the inclusion proof against the signed root.
import { leafHash, toHex, verifyInclusion, verifyTreeHead } from "../../../shared/ledger/verify.mjs";

interface Bundle {
  sha256: string;
  leaf: string;
  leafHash: string;
  ledger: { index: number; treeSize: number; rootHash: string; inclusionProof: string[] };
  treeHead: { treeSize: number; rootHash: string; keyId?: string; signature: string; tenantId: string; timestamp: string };
}
interface Jwk {
  kid?: string;
  x: string;
  crv: string;
  kty: string;
}

/** Verifies the receipt in the page's data and lets the seller check a local file against it. */
export function verifyReceipt(pageData: string) {
  const { bundle, keys } = JSON.parse(pageData) as { bundle: Bundle; keys: { keys: Jwk[] } | Jwk };
  const status = document.getElementById("receipt-status")!;
  const list = document.getElementById("receipt-checks")!;
  document.getElementById("check-file")?.addEventListener("change", (e) => checkFile(e, bundle.sha256));
  verify(bundle, keys, status, list).catch((err: Error) => {
    status.dataset.verified = "false";
    status.textContent = `Verification failed to run: ${err.message}`;
  });
}

async function verify(bundle: Bundle, keys: { keys: Jwk[] } | Jwk, status: HTMLElement, list: HTMLElement) {
  const candidates = "keys" in keys ? keys.keys : [keys];
  const sth = bundle.treeHead;
  const key = candidates.find((k) => !sth.keyId || k.kid === undefined || k.kid === sth.keyId) ?? candidates[0];
  const leaf = (() => {
    try {
      return JSON.parse(bundle.leaf) as { sha256?: string };
    } catch {
      return {};
    }
  })();
  const checks: [string, boolean][] = [
    ["tree head signed by the published ledger key (Ed25519)", !!key && (await verifyTreeHead(sth, key))],
    ["leaf record hashes to the recorded leaf hash", toHex(await leafHash(bundle.leaf)) === bundle.leafHash],
    ["leaf records this evidence's SHA-256", leaf.sha256 === bundle.sha256],
    ["proof is for the signed tree size", bundle.ledger.treeSize === sth.treeSize],
    [
      "inclusion proof reaches the signed root",
      await verifyInclusion({ leafHash: bundle.leafHash, index: bundle.ledger.index, treeSize: bundle.ledger.treeSize, path: bundle.ledger.inclusionProof, rootHash: sth.rootHash }),
    ],
  ];
  list.replaceChildren(
    ...checks.map(([name, ok]) => {
      const li = document.createElement("li");
      li.textContent = `${ok ? "✓" : "✗"} ${name}`;
      return li;
    }),
  );
  const ok = checks.every(([, pass]) => pass);
  status.dataset.verified = String(ok);
  status.className = ok ? "ok" : "bad";
  status.textContent = ok ? "Receipt verified: this evidence is in the signed ledger." : "Receipt NOT verified: do not rely on it.";
}

/** Whether a local file is the one the receipt covers (its SHA-256). */
async function checkFile(e: Event, sha256: string) {
  const file = (e.target as HTMLInputElement).files?.[0];
  const out = document.getElementById("file-status")!;
  if (!file) return;
  const digest = toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", await file.arrayBuffer())));
  out.textContent = digest === sha256 ? `${file.name} is the file this receipt covers.` : `${file.name} is NOT the file this receipt covers (SHA-256 ${digest.slice(0, 16)}…).`;
}
