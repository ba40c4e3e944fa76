/** A signed tree head as `GET /v1/ip/ledger` answers it. */
export interface TreeHead {
  tenantId: string;
  treeSize: number;
  rootHash: string;
  timestamp: string;
  keyId?: string;
  signature: string;
}
export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
}
export function fromHex(hex: string): Uint8Array | null;
export function toHex(bytes: Uint8Array): string;
export function toBase64Url(bytes: Uint8Array): string;
export function leafHash(leaf: string | Uint8Array): Promise<Uint8Array>;
export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array>;
export function verifyInclusion(p: { leafHash: string; index: number; treeSize: number; path: string[]; rootHash: string }): Promise<boolean>;
export function verifyConsistency(p: { first: number; second: number; firstRoot: string; secondRoot: string; path: string[] }): Promise<boolean>;
export function sthMessage(sth: Pick<TreeHead, "tenantId" | "treeSize" | "rootHash" | "timestamp">): Uint8Array;
export function keyId(jwk: PublicJwk): Promise<string>;
export function verifyTreeHead(sth: TreeHead, publicJwk: PublicJwk): Promise<boolean>;
