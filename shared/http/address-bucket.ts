/**
 * The rate-limit bucket of a client address. An IPv4 address is its own bucket; an IPv6 address is bucketed by its
 * /64, the block every host (a cheap server included) is handed whole: keyed by the full address, each of its 2^64
 * addresses would get a fresh budget. An IPv4-mapped IPv6 address is its IPv4 address. Anything that does not parse
 * is its own bucket (it can only come from a test or a misconfigured proxy).
 */
export function addressBucket(ip: string): string {
  if (!ip.includes(":")) return ip;
  const groups = expandIpv6(ip.toLowerCase());
  if (!groups) return ip;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a dotted IPv4 tail), or null if it is not one. */
function expandIpv6(ip: string): number[] | null {
  const zone = ip.indexOf("%");
  const text = zone === -1 ? ip : ip.slice(0, zone);
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === "") return [];
    const out: number[] = [];
    const pieces = part.split(":");
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes(".")) {
        const octets = piece.split(".");
        if (octets.length !== 4 || octets.some((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255)) return null;
        const [a, b, c, d] = octets.map(Number) as [number, number, number, number];
        out.push((a << 8) | b, (c << 8) | d);
      } else {
        if (!/^[0-9a-f]{1,4}$/.test(piece)) return null;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : null;
}
